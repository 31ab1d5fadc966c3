package org.orderplatform.axonserver.command;

import io.axoniq.axonserver.grpc.command.Command;
import io.axoniq.axonserver.grpc.command.CommandResponse;
import io.grpc.stub.StreamObserver;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;

/** A dispatched command waiting for its one response; whoever answers first wins, later answers are dropped. */
final class PendingCommand {

    private final String context;
    private final Command command;
    private final StreamObserver<CommandResponse> dispatcher;
    private final BiConsumer<PendingCommand, CommandResponse> onAnswered;
    private final AtomicBoolean answered = new AtomicBoolean();
    private volatile CommandHandlerStream handler;

    PendingCommand(String context, Command command, StreamObserver<CommandResponse> dispatcher,
                   BiConsumer<PendingCommand, CommandResponse> onAnswered) {
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

    /** The handler connection the command was last handed to, or {@code null}. */
    CommandHandlerStream handler() {
        return handler;
    }

    void deliveredTo(CommandHandlerStream target) {
        handler = target;
    }

    void answer(CommandResponse response) {
        if (!answered.compareAndSet(false, true)) {
            return;
        }
        onAnswered.accept(this, response);
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
    }

    boolean isAnswered() {
        return answered.get();
    }
}
