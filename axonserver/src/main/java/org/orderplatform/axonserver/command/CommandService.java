package org.orderplatform.axonserver.command;

import io.axoniq.axonserver.grpc.command.Command;
import io.axoniq.axonserver.grpc.command.CommandProviderInbound;
import io.axoniq.axonserver.grpc.command.CommandProviderOutbound;
import io.axoniq.axonserver.grpc.command.CommandResponse;
import io.axoniq.axonserver.grpc.command.CommandServiceGrpc;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.micrometer.core.instrument.MeterRegistry;
import org.orderplatform.axonserver.grpc.CallContext;
import org.orderplatform.axonserver.platform.ClientRegistry;
import org.orderplatform.axonserver.platform.OutboundStream;
import org.orderplatform.axonserver.platform.QueueCapacity;
import org.orderplatform.axonserver.platform.WaitingMessages;
import org.springframework.stereotype.Component;

/** The command side of the Axon Server API: handler connections and command dispatching. */
@Component
class CommandService extends CommandServiceGrpc.CommandServiceImplBase {

    private final CommandRouter router;
    private final ClientRegistry registry;
    private final WaitingMessages waitingCommands;

    CommandService(CommandRouter router, ClientRegistry registry, QueueCapacity capacity, MeterRegistry meters) {
        this.router = router;
        this.registry = registry;
        this.waitingCommands = WaitingMessages.of("commands", capacity.commands(), meters);
    }

    @Override
    public StreamObserver<CommandProviderOutbound> openStream(StreamObserver<CommandProviderInbound> responseObserver) {
        return new CommandHandlerStream(CallContext.current(), new OutboundStream<>(responseObserver, waitingCommands),
                router, registry);
    }

    @Override
    public void dispatch(Command command, StreamObserver<CommandResponse> responseObserver) {
        PendingCommand pending = router.accept(CallContext.current(), command, responseObserver);
        ((ServerCallStreamObserver<CommandResponse>) responseObserver).setOnCancelHandler(() -> {
            pending.abandon();
            CommandHandlerStream handler = pending.handler();
            if (handler != null) {
                handler.forget(pending.id());
            }
        });
        router.dispatch(pending);
    }
}
