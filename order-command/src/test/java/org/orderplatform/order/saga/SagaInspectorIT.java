package org.orderplatform.order.saga;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.extensions.mongo.DefaultMongoTemplate;
import org.axonframework.extensions.mongo.MongoTemplate;
import org.axonframework.extensions.mongo.eventhandling.saga.repository.MongoSagaStore;
import org.axonframework.modelling.saga.AssociationValue;
import org.axonframework.modelling.saga.SagaScopeDescriptor;
import org.axonframework.serialization.SimpleSerializedObject;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.orderplatform.infra.EmbeddedMongo;
import org.orderplatform.order.deadline.MongoDeadlineManager;
import org.orderplatform.order.deadline.MongoDeadlineManager.PendingDeadline;
import org.orderplatform.order.saga.OrderSaga.Step;
import org.orderplatform.order.saga.SagaInspector.OpenSaga;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The open sagas as the inspector reads them from the saga and deadline stores, on the MongoDB-compatible server. */
class SagaInspectorIT {

    private static final JacksonSerializer SERIALIZER = JacksonSerializer.defaultSerializer();

    private EmbeddedMongo mongo;
    private MongoClient client;
    private MongoSagaStore sagas;
    private MongoDeadlineManager deadlines;
    private final Clock clock = Clock.systemUTC();

    @BeforeEach
    void stores() {
        mongo = EmbeddedMongo.start();
        client = MongoClients.create(mongo.connectionString());
        MongoTemplate axonCollections = DefaultMongoTemplate.builder().mongoDatabase(client, "orders-command").build();
        sagas = MongoSagaStore.builder().mongoTemplate(axonCollections).serializer(SERIALIZER).build();
        deadlines = new MongoDeadlineManager(new org.springframework.data.mongodb.core.MongoTemplate(client, "orders-command"),
                descriptor -> Stream.empty(), SERIALIZER, NoTransactionManager.instance(), Duration.ofMillis(100),
                Duration.ofMinutes(1), clock);
    }

    @AfterEach
    void close() {
        client.close();
        mongo.close();
    }

    @Test
    void listsEachOpenSagaWithItsStepAndPendingDeadlinesOldestFirst() {
        save("saga-stock", "{\"orderId\":\"o-stock\",\"stock\":\"REQUESTED\",\"payment\":\"NOT_REQUESTED\"}");
        save("saga-payment", "{\"orderId\":\"o-payment\",\"stock\":\"RESERVED\",\"payment\":\"REQUESTED\"}");
        save("saga-settling", "{\"orderId\":\"o-settling\",\"stock\":\"RESERVED\",\"payment\":\"EXPIRY_REQUESTED\"}");
        save("saga-confirming", "{\"orderId\":\"o-confirming\",\"stock\":\"RESERVED\",\"payment\":\"COMPLETED\","
                + "\"confirming\":true}");
        save("saga-release", "{\"orderId\":\"o-release\",\"stock\":\"RELEASE_REQUESTED\",\"payment\":\"FAILED\","
                + "\"orderFinal\":true}");
        save("saga-refund", "{\"orderId\":\"o-refund\",\"stock\":\"RELEASED\",\"payment\":\"REFUND_REQUESTED\","
                + "\"orderFinal\":true}");
        Instant due = clock.instant().plusSeconds(30).truncatedTo(ChronoUnit.MILLIS);
        deadlines.schedule(due, OrderSaga.STEP_DEADLINE, null,
                new SagaScopeDescriptor(OrderSaga.class.getName(), "saga-payment"));

        List<OpenSaga> open = inspector(clock).open(null, null, 100);

        assertThat(open).extracting(OpenSaga::orderId).containsExactly("o-stock", "o-payment", "o-settling",
                "o-confirming", "o-release", "o-refund");
        assertThat(open).extracting(OpenSaga::step).containsExactly(Step.STOCK, Step.PAYMENT, Step.PAYMENT,
                Step.CONFIRMATION, Step.RELEASE, Step.REFUND);
        assertThat(open.get(1).deadlines()).containsExactly(new PendingDeadline(OrderSaga.STEP_DEADLINE, due));
        assertThat(open.get(0).deadlines()).isEmpty();
        assertThat(open).allSatisfy(saga -> assertThat(saga.since()).isBetween(clock.instant().minusSeconds(60),
                clock.instant()));
        assertThat(inspector(clock).countByStep()).containsExactlyInAnyOrderEntriesOf(Map.of(Step.STOCK, 1L,
                Step.PAYMENT, 2L, Step.CONFIRMATION, 1L, Step.RELEASE, 1L, Step.REFUND, 1L));
    }

    @Test
    void filtersByStepAndAgeAndStopsAtTheLimit() {
        save("saga-a", "{\"orderId\":\"o-a\",\"stock\":\"RESERVED\",\"payment\":\"REQUESTED\"}");
        save("saga-b", "{\"orderId\":\"o-b\",\"stock\":\"REQUESTED\",\"payment\":\"NOT_REQUESTED\"}");
        save("saga-c", "{\"orderId\":\"o-c\",\"stock\":\"RESERVED\",\"payment\":\"REQUESTED\"}");

        assertThat(inspector(clock).open(Step.PAYMENT, null, 100)).extracting(OpenSaga::orderId)
                .containsExactly("o-a", "o-c");
        assertThat(inspector(clock).open(Step.PAYMENT, null, 1)).extracting(OpenSaga::orderId).containsExactly("o-a");
        assertThat(inspector(clock).open(null, Duration.ofMinutes(5), 100)).isEmpty();
        // Seen ten minutes on, all three started more than five minutes ago.
        Clock later = Clock.offset(clock, Duration.ofMinutes(10));
        assertThat(inspector(later).open(null, Duration.ofMinutes(5), 100)).hasSize(3);
    }

    @Test
    void findsTheOpenSagaOfOneOrder() {
        save("saga-a", "{\"orderId\":\"o-a\",\"stock\":\"RESERVED\",\"payment\":\"REQUESTED\"}");
        save("saga-b", "{\"orderId\":\"o-b\",\"stock\":\"REQUESTED\",\"payment\":\"NOT_REQUESTED\"}");

        assertThat(inspector(clock).ofOrder("o-b")).hasValueSatisfying(saga -> {
            assertThat(saga.orderId()).isEqualTo("o-b");
            assertThat(saga.step()).isEqualTo(Step.STOCK);
        });
        assertThat(inspector(clock).ofOrder("o-unknown")).isEmpty();
    }

    private SagaInspector inspector(Clock at) {
        return new SagaInspector(DefaultMongoTemplate.builder().mongoDatabase(client, "orders-command").build(),
                SERIALIZER, deadlines, at);
    }

    /** A saga in the state its JSON gives, stored as Axon stores it. */
    private void save(String sagaId, String state) {
        OrderSaga saga = SERIALIZER.deserialize(new SimpleSerializedObject<>(state, String.class,
                OrderSaga.class.getName(), null));
        sagas.insertSaga(OrderSaga.class, sagaId, saga,
                Set.of(new AssociationValue(OrderSaga.ORDER_ID, saga.orderId().value())));
    }
}
