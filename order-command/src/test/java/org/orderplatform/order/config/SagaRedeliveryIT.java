package org.orderplatform.order.config;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import org.axonframework.config.Configuration;
import org.axonframework.config.Configurer;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.config.DefaultConfigurer;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.axonframework.extensions.mongo.DefaultMongoTemplate;
import org.axonframework.extensions.mongo.MongoTemplate;
import org.axonframework.extensions.mongo.eventhandling.saga.repository.MongoSagaStore;
import org.axonframework.extensions.mongo.eventsourcing.tokenstore.MongoTokenStore;
import org.axonframework.modelling.saga.AssociationValue;
import org.axonframework.modelling.saga.AssociationValues;
import org.axonframework.modelling.saga.SagaEventHandler;
import org.axonframework.modelling.saga.StartSaga;
import org.axonframework.modelling.saga.repository.SagaStore;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.Test;
import org.orderplatform.infra.EmbeddedMongo;
import org.orderplatform.support.AtLeastOnceTokenStore;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The saga processor commits a batch without a transaction: its token and the sagas the batch changed are separate
 * MongoDB writes. A crash between them, here a saga write that fails once, must deliver the batch again; and so must
 * a saga handler that fails, with order-command's error handling, rather than skip the event.
 */
class SagaRedeliveryIT {

    public record CountingStarted(String counter) {
    }

    public record Counted(String counter) {
    }

    /** A saga that counts the events it was given; it fails on as many as a test asks, as a bug would. */
    public static class CountingSaga {
        static final AtomicInteger failuresLeft = new AtomicInteger();
        public int counted;

        @StartSaga
        @SagaEventHandler(associationProperty = "counter")
        public void on(CountingStarted event) {
            counted = 1;
        }

        @SagaEventHandler(associationProperty = "counter")
        public void on(Counted event) {
            if (failuresLeft.getAndUpdate(left -> Math.max(0, left - 1)) > 0) {
                throw new IllegalStateException("the saga cannot take " + event);
            }
            counted++;
        }
    }

    @Test
    void aBatchWhoseSagaWriteFailsAfterItsTokenIsDeliveredAgain() {
        try (EmbeddedMongo mongo = EmbeddedMongo.start();
             MongoClient client = MongoClients.create(mongo.connectionString())) {
            MongoTemplate collections = DefaultMongoTemplate.builder().mongoDatabase(client, "orders-command").build();
            Serializer serializer = JacksonSerializer.defaultSerializer();
            SagaStore<Object> stored = MongoSagaStore.builder().mongoTemplate(collections).serializer(serializer).build();
            FailingOnceSagaStore sagas = new FailingOnceSagaStore(stored);

            Configuration axon = start(collections, serializer, sagas);
            try {
                axon.eventGateway().publish(new CountingStarted("c-1"));
                await().atMost(Duration.ofSeconds(20)).until(() -> counted(stored) == 1);
                sagas.failNextUpdate();

                axon.eventGateway().publish(new Counted("c-1"));

                await().atMost(Duration.ofSeconds(30)).until(() -> counted(stored) == 2);
                assertThat(sagas.failed()).isTrue();
            } finally {
                axon.shutdown();
            }
        }
    }

    @Test
    void anEventASagaHandlerFailsOnIsDeliveredAgainNotSkipped() {
        try (EmbeddedMongo mongo = EmbeddedMongo.start();
             MongoClient client = MongoClients.create(mongo.connectionString())) {
            MongoTemplate collections = DefaultMongoTemplate.builder().mongoDatabase(client, "orders-command").build();
            Serializer serializer = JacksonSerializer.defaultSerializer();
            SagaStore<Object> stored = MongoSagaStore.builder().mongoTemplate(collections).serializer(serializer).build();

            Configuration axon = start(collections, serializer, stored,
                    AxonConfiguration.propagatingErrors("CountingSagaProcessor"));
            try {
                axon.eventGateway().publish(new CountingStarted("c-1"));
                await().atMost(Duration.ofSeconds(20)).until(() -> counted(stored) == 1);
                CountingSaga.failuresLeft.set(1);

                axon.eventGateway().publish(new Counted("c-1"));

                await().atMost(Duration.ofSeconds(30)).until(() -> counted(stored) == 2);
                assertThat(CountingSaga.failuresLeft.get()).isZero();
            } finally {
                CountingSaga.failuresLeft.set(0);
                axon.shutdown();
            }
        }
    }

    /** The counting saga on a pooled processor with its tokens and sagas in MongoDB, as order-command runs its own. */
    private static Configuration start(MongoTemplate collections, Serializer serializer, SagaStore<Object> sagas,
                                       ConfigurerModule... modules) {
        Configurer configurer = DefaultConfigurer.defaultConfiguration(false)
                .configureSerializer(configuration -> serializer)
                .configureEmbeddedEventStore(configuration -> new InMemoryEventStorageEngine());
        configurer.eventProcessing()
                .usingPooledStreamingEventProcessors()
                .registerTokenStore(configuration -> new AtLeastOnceTokenStore(MongoTokenStore.builder()
                        .mongoTemplate(collections).serializer(serializer).build()))
                .registerSaga(CountingSaga.class, saga -> saga.configureSagaStore(configuration -> sagas));
        for (ConfigurerModule module : modules) {
            module.configureModule(configurer);
        }
        return configurer.start();
    }

    private static int counted(SagaStore<Object> sagas) {
        Set<String> found = sagas.findSagas(CountingSaga.class, new AssociationValue("counter", "c-1"));
        if (found.isEmpty()) {
            return 0;
        }
        SagaStore.Entry<CountingSaga> entry = sagas.loadSaga(CountingSaga.class, found.iterator().next());
        return entry.saga().counted;
    }

    /** The saga store with one write that fails, as a crash after the batch's token was written would. */
    private static final class FailingOnceSagaStore implements SagaStore<Object> {

        private final SagaStore<Object> delegate;
        private final AtomicBoolean failNext = new AtomicBoolean();
        private final AtomicBoolean failed = new AtomicBoolean();

        FailingOnceSagaStore(SagaStore<Object> delegate) {
            this.delegate = delegate;
        }

        void failNextUpdate() {
            failNext.set(true);
        }

        boolean failed() {
            return failed.get();
        }

        @Override
        public Set<String> findSagas(Class<?> sagaType, AssociationValue associationValue) {
            return delegate.findSagas(sagaType, associationValue);
        }

        @Override
        public <S> Entry<S> loadSaga(Class<S> sagaType, String sagaIdentifier) {
            return delegate.loadSaga(sagaType, sagaIdentifier);
        }

        @Override
        public void deleteSaga(Class<?> sagaType, String sagaIdentifier, Set<AssociationValue> associationValues) {
            delegate.deleteSaga(sagaType, sagaIdentifier, associationValues);
        }

        @Override
        public void insertSaga(Class<?> sagaType, String sagaIdentifier, Object saga,
                               Set<AssociationValue> associationValues) {
            delegate.insertSaga(sagaType, sagaIdentifier, saga, associationValues);
        }

        @Override
        public void updateSaga(Class<?> sagaType, String sagaIdentifier, Object saga,
                               AssociationValues associationValues) {
            if (failNext.getAndSet(false)) {
                failed.set(true);
                throw new IllegalStateException("the saga store went away");
            }
            delegate.updateSaga(sagaType, sagaIdentifier, saga, associationValues);
        }
    }
}
