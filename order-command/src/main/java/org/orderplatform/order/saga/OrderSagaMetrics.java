package org.orderplatform.order.saga;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import org.axonframework.extensions.mongo.MongoTemplate;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.orderplatform.order.deadline.MongoDeadlineManager;
import org.orderplatform.support.metrics.SampledGauges;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * How the order sagas are doing, for the operator's dashboards and alerts: how many are open and in which step
 * they wait, how long ago the oldest started (an order stuck in a step shows as an age that keeps growing), and how many of their deadlines are overdue
 * (due more than {@link #OVERDUE_AFTER} ago and not fired). A saga's document keeps the ObjectId the driver gave it
 * when the saga started, and an ObjectId holds that time: the oldest saga is the one with the smallest id.
 */
@Component
class OrderSagaMetrics {

    static final Duration OVERDUE_AFTER = Duration.ofMinutes(1);

    private final MongoCollection<Document> sagas;
    private final Bson orderSagas = Filters.eq("sagaType", OrderSaga.class.getName());
    private final Clock clock;

    OrderSagaMetrics(MongoTemplate axonCollections, MongoDeadlineManager deadlines, SagaInspector inspector,
                     SampledGauges gauges, Clock clock) {
        this.sagas = axonCollections.sagaCollection();
        this.clock = clock;
        gauges.gauge("orders.sagas.open", "Order sagas not ended yet", null, () -> sagas.countDocuments(orderSagas));
        gauges.gauge("orders.sagas.oldest.age", "How long ago the oldest open order saga started", "seconds",
                this::oldestAgeSeconds);
        gauges.gauges("orders.sagas.waiting", "Open order sagas by the step they wait in", "step",
                Arrays.stream(OrderSaga.Step.values()).map(OrderSagaMetrics::tag).toList(),
                () -> byStepName(inspector.countByStep()));
        gauges.gauge("orders.deadlines.overdue", "Saga deadlines due more than a minute ago and not fired yet", null,
                () -> deadlines.countDueBefore(clock.instant().minus(OVERDUE_AFTER)));
    }

    private static Map<String, Long> byStepName(Map<OrderSaga.Step, Long> counts) {
        Map<String, Long> named = new HashMap<>();
        counts.forEach((step, count) -> named.put(tag(step), count));
        return named;
    }

    private static String tag(OrderSaga.Step step) {
        return step.name().toLowerCase(Locale.ROOT);
    }

    private double oldestAgeSeconds() {
        Document oldest = sagas.find(orderSagas).sort(Sorts.ascending("_id")).projection(Projections.include("_id"))
                .first();
        if (oldest == null) {
            return 0;
        }
        Instant started = oldest.getObjectId("_id").getDate().toInstant();
        return Math.max(0, Duration.between(started, clock.instant()).toMillis() / 1000.0);
    }
}
