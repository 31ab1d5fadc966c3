package org.orderplatform.axonserver.command;

import io.axoniq.axonserver.grpc.InstructionAck;
import io.axoniq.axonserver.grpc.command.CommandProviderInbound;
import io.axoniq.axonserver.grpc.command.CommandProviderOutbound;
import io.axoniq.axonserver.grpc.command.CommandResponse;
import io.grpc.stub.StreamObserver;
import org.orderplatform.axonserver.platform.ClientKey;
import org.orderplatform.axonserver.platform.OutboundStream;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.stream.Collectors;

/**
 * One command handler connection: the client subscribes commands, grants permits and answers commands on it. Commands
 * beyond the granted permits wait here. When the connection ends, commands the client never received go to another
 * handler and commands it did receive fail at once.
 */
final class CommandHandlerStream implements StreamObserver<CommandProviderOutbound> {

    private final String context;
    private final OutboundStream<CommandProviderInbound> outbound;
    private final CommandRouter router;
    private final ConcurrentMap<String, PendingCommand> inFlight = new ConcurrentHashMap<>();
    private volatile String clientId = "";
    private volatile String componentName = "";
    private boolean closed;

    CommandHandlerStream(String context, OutboundStream<CommandProviderInbound> outbound, CommandRouter router) {
        this.context = context;
        this.outbound = outbound;
        this.router = router;
    }

    String context() {
        return context;
    }

    String clientId() {
        return clientId;
    }

    String componentName() {
        return componentName;
    }

    ClientKey client() {
        return new ClientKey(context, clientId);
    }

    /**
     * Hands a command to this handler, or refuses when the connection already ended.
     *
     * @return whether the command was taken
     */
    synchronized boolean deliver(PendingCommand command) {
        if (closed) {
            return false;
        }
        inFlight.put(command.id(), command);
        command.deliveredTo(this);
        outbound.send(CommandProviderInbound.newBuilder().setCommand(command.command()).build());
        return true;
    }

    /** Drops a command whose dispatcher went away; a late answer for it is ignored. */
    void forget(String commandId) {
        inFlight.remove(commandId);
    }

    @Override
    public void onNext(CommandProviderOutbound message) {
        switch (message.getRequestCase()) {
            case SUBSCRIBE -> {
                clientId = message.getSubscribe().getClientId();
                componentName = message.getSubscribe().getComponentName();
                router.subscribe(this, message.getSubscribe());
            }
            case UNSUBSCRIBE -> router.unsubscribe(this, message.getUnsubscribe().getCommand());
            case FLOW_CONTROL -> outbound.grant(message.getFlowControl().getPermits());
            case COMMAND_RESPONSE -> answered(message.getCommandResponse());
            default -> {
                // Acknowledgements need no action: the server sends no instructions that expect one.
            }
        }
        if (!message.getInstructionId().isEmpty()) {
            // The client only considers its subscriptions active once they are acknowledged.
            outbound.sendWithoutPermit(CommandProviderInbound.newBuilder()
                    .setAck(InstructionAck.newBuilder().setInstructionId(message.getInstructionId()).setSuccess(true))
                    .build());
        }
    }

    private void answered(CommandResponse response) {
        PendingCommand pending = inFlight.remove(response.getRequestIdentifier());
        if (pending != null) {
            pending.answer(response);
        }
    }

    @Override
    public void onError(Throwable t) {
        closed(false);
    }

    @Override
    public void onCompleted() {
        closed(true);
    }

    private void closed(boolean completedByClient) {
        router.remove(this);
        List<CommandProviderInbound> unsent;
        synchronized (this) {
            closed = true;
            unsent = completedByClient ? outbound.complete() : outbound.abandon();
        }
        Set<String> neverDelivered = unsent.stream()
                .map(message -> message.getCommand().getMessageIdentifier())
                .collect(Collectors.toSet());
        List<PendingCommand> rerouted = new ArrayList<>();
        for (PendingCommand pending : List.copyOf(inFlight.values())) {
            inFlight.remove(pending.id());
            if (neverDelivered.contains(pending.id())) {
                rerouted.add(pending);
            } else {
                router.handlerLost(pending, this);
            }
        }
        rerouted.forEach(router::dispatch);
    }
}
