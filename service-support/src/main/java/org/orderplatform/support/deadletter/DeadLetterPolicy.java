package org.orderplatform.support.deadletter;

import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.EventProcessingException;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.deadletter.DeadLetter;
import org.axonframework.messaging.deadletter.Decisions;
import org.axonframework.messaging.deadletter.EnqueueDecision;
import org.axonframework.messaging.deadletter.EnqueuePolicy;
import org.axonframework.messaging.deadletter.ThrowableCause;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;

import java.util.List;

/**
 * What becomes of an event whose handling failed. A transient failure ({@link TransientFailures}) of an event the
 * processor is handling fails its batch, which the processor retries from its token, as if there were no queue;
 * of a parked event being retried, it leaves the letter as it was. Any other failure parks the event with its cause
 * and counts the attempt in the letter's diagnostics ({@value #ATTEMPTS}).
 */
final class DeadLetterPolicy implements EnqueuePolicy<EventMessage<?>> {

    static final String ATTEMPTS = "attempts";

    private final String processor;
    private final List<ParkedEventListener> listeners;

    DeadLetterPolicy(String processor, List<ParkedEventListener> listeners) {
        this.processor = processor;
        this.listeners = List.copyOf(listeners);
    }

    @Override
    public EnqueueDecision<EventMessage<?>> decide(DeadLetter<? extends EventMessage<?>> letter, Throwable cause) {
        boolean retryingParkedLetter = retryingParkedLetter();
        if (TransientFailures.isTransient(cause)) {
            if (!retryingParkedLetter) {
                // Axon would log and skip an event its policy does not park: thrown, it fails the batch instead.
                throw cause instanceof RuntimeException unchecked ? unchecked
                        : new EventProcessingException("Handling failed transiently", cause);
            }
            return Decisions.requeue(null, DeadLetter::diagnostics);
        }
        if (!retryingParkedLetter) {
            listeners.forEach(listener -> listener.parked(processor, letter.message()));
        }
        // A letter from MongoDB wraps a new cause once more: a truncated copy would be recorded under the copy's type.
        Throwable recorded = retryingParkedLetter ? cause : ThrowableCause.truncated(cause);
        return Decisions.requeue(recorded,
                failed -> failed.diagnostics().and(ATTEMPTS, attempts(failed.diagnostics()) + 1));
    }

    static int attempts(MetaData diagnostics) {
        Object attempts = diagnostics.get(ATTEMPTS);
        return attempts instanceof Number number ? number.intValue() : 0;
    }

    /** Axon retries a parked letter in a unit of work of its own that holds the letter as a resource. */
    private static boolean retryingParkedLetter() {
        return CurrentUnitOfWork.map(unitOfWork -> unitOfWork.resources().containsKey(DeadLetter.class.getName()))
                .orElse(false);
    }
}
