package org.orderplatform.axonserver.command;

import io.axoniq.axonserver.grpc.command.Command;
import io.axoniq.axonserver.grpc.command.CommandResponse;
import io.grpc.stub.StreamObserver;

import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A dispatched command waiting for its one response; whoever answers first wins, later answers are dropped. Its
 * timeout is cancelled once it is answered.
 */
final class PendingCommand {

    private final String context;
    private final Command command;
    private final StreamObserver<CommandResponse> dispatcher;
    private final Answered onAnswered;
    private final AtomicBoolean answered = new AtomicBoolean();
    private volatile CommandHandlerStream handler;
    private volatile Future<?> timeout;

    PendingCommand(String context, Command command, StreamObserver<CommandResponse> dispatcher, Answered onAnswered) {
        this.context = context;
        this.command = command;
        this.dispatcher = dispatcher;
        this.onAnswered = onAnswered;
    }

    String context() {
        return context;
    }

    Command command() {
        return command;
    }

    String id() {
        return command.getMessageIdentifier();
    }

    /** The handler connection that last took the command, or {@code null}. */
    CommandHandlerStream handler() {
        return handler;
    }

    void deliveredTo(CommandHandlerStream target) {
        handler = target;
    }

    /** The task that answers the command when nobody else does in time. */
    void timeoutAfter(Future<?> task) {
        timeout = task;
        if (answered.get()) {
            // Answered while the task was being scheduled: it must not wait for its time in the queue.
            task.cancel(false);
        }
    }

    /**
     * Passes the response on to the dispatcher, unless the command was answered already.
     *
     * @param result how the command ended, for the metrics: {@code success}, {@code error}, {@code no_handler}, ...
     */
    void answer(CommandResponse response, String result) {
        if (!answered.compareAndSet(false, true)) {
            return;
        }
        cancelTimeout();
        onAnswered.accept(this, response, result);
        try {
            dispatcher.onNext(response);
            dispatcher.onCompleted();
        } catch (RuntimeException cancelled) {
            // The dispatcher gave up on the command; nobody is left to tell.
        }
    }

    /** The dispatcher went away; nothing will be sent to it any more. */
    void abandon() {
        answered.set(true);
        cancelTimeout();
    }

    boolean isAnswered() {
        return answered.get();
    }

    private void cancelTimeout() {
        Future<?> task = timeout;
        if (task != null) {
            task.cancel(false);
        }
    }

    /** Told once, when the command is answered. */
    @FunctionalInterface
    interface Answered {
        void accept(PendingCommand pending, CommandResponse response, String result);
    }
}
