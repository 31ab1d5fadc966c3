package org.orderplatform.order.saga;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.extensions.mongo.DefaultMongoTemplate;
import org.axonframework.extensions.mongo.MongoTemplate;
import org.axonframework.extensions.mongo.eventhandling.saga.repository.MongoSagaStore;
import org.axonframework.modelling.saga.AssociationValue;
import org.axonframework.modelling.saga.SagaScopeDescriptor;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.Test;
import org.orderplatform.infra.EmbeddedMongo;
import org.orderplatform.order.deadline.MongoDeadlineManager;
import org.orderplatform.support.metrics.SampledGauges;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The saga gauges on the stores order-command keeps them in, on the MongoDB-compatible server. */
class OrderSagaMetricsIT {

    /** Another saga type in the same store, which the order gauges leave out. */
    public static class OtherSaga {
        public String note = "other";
    }

    @Test
    void countsOpenOrderSagasTellsTheOldestsAgeAndTheOverdueDeadlines() {
        try (EmbeddedMongo mongo = EmbeddedMongo.start();
             MongoClient client = MongoClients.create(mongo.connectionString())) {
            MongoTemplate axonCollections = DefaultMongoTemplate.builder().mongoDatabase(client, "orders-command").build();
            MongoSagaStore sagas = MongoSagaStore.builder().mongoTemplate(axonCollections)
                    .serializer(JacksonSerializer.defaultSerializer()).build();
            for (int i = 0; i < 3; i++) {
                sagas.insertSaga(OrderSaga.class, "order-saga-" + i, new OrderSaga(),
                        Set.of(new AssociationValue(OrderSaga.ORDER_ID, "o-" + i)));
            }
            sagas.insertSaga(OtherSaga.class, "other-saga", new OtherSaga(), Set.of());
            // Seen ten minutes on: the sagas just started are as old as that.
            Clock later = Clock.offset(Clock.systemUTC(), Duration.ofMinutes(10));
            MongoDeadlineManager deadlines = new MongoDeadlineManager(
                    new org.springframework.data.mongodb.core.MongoTemplate(client, "orders-command"),
                    descriptor -> Stream.empty(), JacksonSerializer.defaultSerializer(), NoTransactionManager.instance(),
                    Duration.ofMillis(100), Duration.ofMinutes(1), later);
            SagaScopeDescriptor saga = new SagaScopeDescriptor(OrderSaga.class.getName(), "order-saga-0");
            deadlines.schedule(Instant.now(), OrderSaga.STEP_DEADLINE, null, saga);
            deadlines.schedule(Instant.now().plus(Duration.ofSeconds(9 * 60 + 30)), OrderSaga.STEP_DEADLINE, null, saga);
            deadlines.schedule(Instant.now().plus(Duration.ofMinutes(20)), OrderSaga.STEP_DEADLINE, null, saga);
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            SampledGauges gauges = new SampledGauges(registry);

            new OrderSagaMetrics(axonCollections, deadlines,
                    new SagaInspector(axonCollections, JacksonSerializer.defaultSerializer(), deadlines, later), gauges, later);
            gauges.sampleAll();

            assertThat(registry.get("orders.sagas.open").gauge().value()).isEqualTo(3);
            // Sagas that never saw their order placed wait for nothing but the order's end.
            assertThat(registry.get("orders.sagas.waiting").tag("step", "confirmation").gauge().value()).isEqualTo(3);
            assertThat(registry.get("orders.sagas.waiting").tag("step", "payment").gauge().value()).isZero();
            assertThat(registry.get("orders.sagas.oldest.age").gauge().value()).isCloseTo(600, within(5.0));
            // Due ten minutes and half a minute ago, and in ten: only the first is more than a minute overdue.
            assertThat(registry.get("orders.deadlines.overdue").gauge().value()).isEqualTo(1);

            sagas.deleteSaga(OrderSaga.class, "order-saga-0", Set.of());
            sagas.deleteSaga(OrderSaga.class, "order-saga-1", Set.of());
            sagas.deleteSaga(OrderSaga.class, "order-saga-2", Set.of());
            gauges.sampleAll();

            assertThat(registry.get("orders.sagas.open").gauge().value()).isZero();
            assertThat(registry.get("orders.sagas.oldest.age").gauge().value()).isZero();
        }
    }
}
