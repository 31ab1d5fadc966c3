package org.orderplatform.order.query.view;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.orderplatform.api.order.OrderStatus;
import org.orderplatform.order.query.replay.ProjectionCollections;
import org.orderplatform.support.metrics.SampledGauges;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;

import static org.orderplatform.order.query.view.OrderDocuments.PLACED_AT;
import static org.orderplatform.order.query.view.OrderDocuments.STATUS;

/**
 * The orders that have not ended, as the live order view sees them: how many, and how long ago the oldest was placed.
 * The saga gives every order a final state within its time limits; an order pending much longer than those is one
 * an operator must look at (the alert {@code OrderPendingPastItsDeadlines}).
 */
@Component
class OrderViewMetrics {

    private static final Bson PENDING = Filters.eq(STATUS, OrderStatus.PENDING.name());

    private final ProjectionCollections projections;
    private final Clock clock = Clock.systemUTC();

    OrderViewMetrics(ProjectionCollections projections, SampledGauges gauges) {
        this.projections = projections;
        gauges.gauge("orders.pending", "Orders the view shows as pending", null, () -> orders().countDocuments(PENDING));
        gauges.gauge("orders.pending.oldest.age", "How long ago the oldest pending order was placed", "seconds",
                this::oldestPendingAgeSeconds);
    }

    private double oldestPendingAgeSeconds() {
        Document oldest = orders().find(PENDING).sort(Sorts.ascending(PLACED_AT))
                .projection(Projections.include(PLACED_AT)).first();
        if (oldest == null) {
            return 0;
        }
        return Math.max(0, Duration.between(oldest.getDate(PLACED_AT).toInstant(), clock.instant()).toMillis() / 1000.0);
    }

    private MongoCollection<Document> orders() {
        return projections.liveCollection(OrderViewDefinition.NAME);
    }
}
