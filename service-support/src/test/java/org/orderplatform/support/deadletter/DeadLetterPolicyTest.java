package org.orderplatform.support.deadletter;

import com.mongodb.MongoTimeoutException;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.deadletter.DeadLetter;
import org.axonframework.messaging.deadletter.EnqueueDecision;
import org.axonframework.messaging.deadletter.GenericDeadLetter;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DeadLetterPolicyTest {

    private final EventMessage<?> event = GenericEventMessage.asEventMessage("an event");
    private final List<EventMessage<?>> parked = new ArrayList<>();
    private final DeadLetterPolicy policy =
            new DeadLetterPolicy("view", List.of((processor, failed) -> parked.add(failed)));

    @Test
    void anEventThatFailsIsParkedWithItsCauseAndOneAttempt() {
        var failure = new IllegalStateException("cannot project");
        var letter = new GenericDeadLetter<>("o-1", event, failure);

        EnqueueDecision<EventMessage<?>> decision = policy.decide(letter, failure);

        assertThat(decision.shouldEnqueue()).isTrue();
        assertThat(decision.enqueueCause()).get().extracting(Throwable::getMessage).isEqualTo("cannot project");
        assertThat(decision.withDiagnostics(new GenericDeadLetter<>("o-1", event)).diagnostics())
                .isEqualTo(MetaData.with(DeadLetterPolicy.ATTEMPTS, 1));
        assertThat(parked).containsExactly(event);
    }

    @Test
    void anOutageFailsTheBatchInsteadOfParking() {
        var outage = new DataAccessResourceFailureException("away", new MongoTimeoutException("no server"));

        assertThatThrownBy(() -> policy.decide(new GenericDeadLetter<>("o-1", event, outage), outage)).isSameAs(outage);
        assertThat(parked).isEmpty();
    }

    @Test
    void aParkedEventThatFailsAgainCountsTheAttemptAndKeepsTheFailuresOwnType() {
        DeadLetter<EventMessage<?>> letter = letterWith(2);
        var failure = new IllegalStateException("still cannot project");

        EnqueueDecision<EventMessage<?>> decision = retrying(letter, () -> policy.decide(letter, failure));

        assertThat(decision.shouldEnqueue()).isTrue();
        assertThat(decision.enqueueCause()).containsSame(failure);
        assertThat(decision.withDiagnostics(letter).diagnostics().get(DeadLetterPolicy.ATTEMPTS)).isEqualTo(3);
        assertThat(parked).as("told only while its batch is handled").isEmpty();
    }

    @Test
    void aParkedEventRetriedDuringAnOutageStaysAsItWas() {
        DeadLetter<EventMessage<?>> letter = letterWith(2);
        var outage = new MongoTimeoutException("no server");

        EnqueueDecision<EventMessage<?>> decision = retrying(letter, () -> policy.decide(letter, outage));

        assertThat(decision.shouldEnqueue()).isTrue();
        assertThat(decision.enqueueCause()).isEmpty();
        assertThat(decision.withDiagnostics(letter).diagnostics().get(DeadLetterPolicy.ATTEMPTS)).isEqualTo(2);
    }

    private DeadLetter<EventMessage<?>> letterWith(int attempts) {
        return new GenericDeadLetter<EventMessage<?>>("o-1", event, new IllegalStateException("first"))
                .withDiagnostics(MetaData.with(DeadLetterPolicy.ATTEMPTS, attempts));
    }

    /** As Axon retries a parked letter: in a unit of work holding the letter. */
    private static EnqueueDecision<EventMessage<?>> retrying(DeadLetter<EventMessage<?>> letter,
                                                            Supplier<EnqueueDecision<EventMessage<?>>> decide) {
        AtomicReference<EnqueueDecision<EventMessage<?>>> decision = new AtomicReference<>();
        UnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(letter.message());
        unitOfWork.resources().put(DeadLetter.class.getName(), letter);
        unitOfWork.execute(() -> decision.set(decide.get()));
        return decision.get();
    }
}
