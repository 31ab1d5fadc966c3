package org.orderplatform.order.deadline;

import com.mongodb.client.MongoClients;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.deadline.DeadlineMessage;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.ScopeAware;
import org.axonframework.messaging.ScopeDescriptor;
import org.axonframework.modelling.saga.SagaScopeDescriptor;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.orderplatform.infra.EmbeddedMongo;
import org.springframework.data.mongodb.core.MongoTemplate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The deadline manager on the MongoDB-compatible server: durable, claimed once, cancellable, retried on failure. */
class MongoDeadlineManagerIT {

    private static final EmbeddedMongo MONGO = EmbeddedMongo.start();
    private static final ScopeDescriptor SAGA = new SagaScopeDescriptor("OrderSaga", "saga-1");
    private static final Duration LEASE = Duration.ofMinutes(1);

    private final MongoTemplate mongo = new MongoTemplate(MongoClients.create(MONGO.connectionString()), "deadlines-it");
    private final MutableClock clock = new MutableClock();
    private final RecordingSaga saga = new RecordingSaga();

    @AfterAll
    static void stopMongo() {
        MONGO.close();
    }

    @BeforeEach
    @AfterEach
    void clear() {
        mongo.dropCollection(MongoDeadlineManager.COLLECTION);
    }

    private MongoDeadlineManager manager() {
        return new MongoDeadlineManager(mongo, descriptor -> Stream.of(saga), JacksonSerializer.defaultSerializer(),
                NoTransactionManager.instance(), Duration.ofMillis(100), LEASE, clock);
    }

    @Test
    void firesADueDeadlineEvenFromAnotherInstanceAfterARestart() {
        manager().schedule(Duration.ofSeconds(30), "payment-deadline", null, SAGA);
        MongoDeadlineManager afterRestart = manager();

        assertThat(afterRestart.fireDueDeadlines()).isZero();
        clock.advance(Duration.ofSeconds(31));
        assertThat(afterRestart.fireDueDeadlines()).isEqualTo(1);

        assertThat(saga.received).extracting(DeadlineMessage::getDeadlineName).containsExactly("payment-deadline");
        assertThat(afterRestart.fireDueDeadlines()).isZero();
    }

    @Test
    void carriesThePayload() {
        manager().schedule(Duration.ofSeconds(1), "reminder", "order-7", SAGA);
        clock.advance(Duration.ofSeconds(2));

        manager().fireDueDeadlines();

        assertThat(saga.received).<Object>extracting(Message::getPayload).containsExactly("order-7");
    }

    @Test
    void aCancelledDeadlineNeverFires() {
        MongoDeadlineManager manager = manager();
        String id = manager.schedule(Duration.ofSeconds(5), "payment-deadline", null, SAGA);
        manager.schedule(Duration.ofSeconds(5), "late-payment-deadline", null, SAGA);

        manager.cancelSchedule("payment-deadline", id);
        manager.cancelAllWithinScope("late-payment-deadline", SAGA);
        clock.advance(Duration.ofSeconds(10));

        assertThat(manager.fireDueDeadlines()).isZero();
        assertThat(saga.received).isEmpty();
    }

    @Test
    void twoInstancesFireEachDeadlineOnce() {
        MongoDeadlineManager first = manager();
        MongoDeadlineManager second = manager();
        for (int i = 0; i < 20; i++) {
            first.schedule(Duration.ofSeconds(1), "deadline-" + i, null, SAGA);
        }
        clock.advance(Duration.ofSeconds(2));

        int fired = Stream.of(first, second).parallel().mapToInt(MongoDeadlineManager::fireDueDeadlines).sum();

        assertThat(fired).isEqualTo(20);
        assertThat(saga.received).hasSize(20);
    }

    @Test
    void aFailingHandlerIsRetriedLater() {
        MongoDeadlineManager manager = manager();
        manager.schedule(Duration.ofSeconds(1), "payment-deadline", null, SAGA);
        clock.advance(Duration.ofSeconds(2));
        saga.failing.set(true);

        assertThat(manager.fireDueDeadlines()).isZero();
        saga.failing.set(false);
        assertThat(manager.fireDueDeadlines()).as("waits before retrying").isZero();

        clock.advance(Duration.ofSeconds(1));
        assertThat(manager.fireDueDeadlines()).isEqualTo(1);
        assertThat(saga.received).hasSize(1);
    }

    /** A scope that records the deadlines sent to it, and can be made to fail. */
    private static final class RecordingSaga implements ScopeAware {

        final List<DeadlineMessage<?>> received = new CopyOnWriteArrayList<>();
        final AtomicBoolean failing = new AtomicBoolean();

        @Override
        public void send(Message<?> message, ScopeDescriptor scope) {
            if (failing.get()) {
                throw new IllegalStateException("saga store unavailable");
            }
            received.add((DeadlineMessage<?>) message);
        }

        @Override
        public boolean canResolve(ScopeDescriptor scope) {
            return scope.equals(SAGA);
        }
    }

    private static final class MutableClock extends Clock {

        private volatile Instant now = Instant.parse("2026-01-01T00:00:00Z");

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
