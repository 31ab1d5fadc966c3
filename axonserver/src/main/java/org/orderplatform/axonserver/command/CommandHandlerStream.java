package org.orderplatform.axonserver.command;

import io.axoniq.axonserver.grpc.InstructionAck;
import io.axoniq.axonserver.grpc.command.CommandProviderInbound;
import io.axoniq.axonserver.grpc.command.CommandProviderOutbound;
import io.axoniq.axonserver.grpc.command.CommandResponse;
import org.orderplatform.axonserver.platform.ClientRegistry;
import org.orderplatform.axonserver.platform.HandlerStream;
import org.orderplatform.axonserver.platform.OutboundStream;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.stream.Collectors;

/**
 * One command handler connection: the client subscribes commands, grants permits and answers commands on it. Commands
 * beyond the granted permits wait here, up to the connection's limit. When the connection ends, commands the client
 * never received go to another handler and commands it did receive fail at once. A command forgotten here (its
 * dispatcher gave up, or it timed out) is never sent, and its late answer is dropped.
 */
final class CommandHandlerStream extends HandlerStream<CommandProviderInbound, CommandProviderOutbound> {

    private final CommandRouter router;
    private final ConcurrentMap<String, PendingCommand> inFlight = new ConcurrentHashMap<>();

    CommandHandlerStream(String context, OutboundStream<CommandProviderInbound> outbound, CommandRouter router,
                         ClientRegistry registry) {
        super(context, outbound, registry);
        this.router = router;
    }

    /** Hands a command to this handler, unless the connection ended or too many commands wait for its permits. */
    synchronized Delivery deliver(PendingCommand command) {
        if (isClosed()) {
            return Delivery.ENDED;
        }
        // Known before it is sent, since the client may answer before offer returns.
        inFlight.put(command.id(), command);
        command.deliveredTo(this);
        Delivery delivery = offer(CommandProviderInbound.newBuilder().setCommand(command.command()).build());
        if (delivery != Delivery.TAKEN) {
            inFlight.remove(command.id());
            command.deliveredTo(null);
        }
        return delivery;
    }

    /** Drops a command that is answered without this handler; it is not sent if it still waits for a permit. */
    void forget(String commandId) {
        if (inFlight.remove(commandId) != null) {
            withdraw(message -> message.getCommand().getMessageIdentifier().equals(commandId));
        }
    }

    @Override
    public void onNext(CommandProviderOutbound message) {
        switch (message.getRequestCase()) {
            case SUBSCRIBE -> {
                identified(message.getSubscribe().getClientId(), message.getSubscribe().getComponentName());
                router.subscribe(this, message.getSubscribe());
            }
            case UNSUBSCRIBE -> router.unsubscribe(this, message.getUnsubscribe().getCommand());
            case FLOW_CONTROL -> grant(message.getFlowControl().getPermits());
            case COMMAND_RESPONSE -> answered(message.getCommandResponse());
            default -> {
                // Acknowledgements need no action: the server sends no instructions that expect one.
            }
        }
        acknowledge(message.getInstructionId());
    }

    @Override
    protected CommandProviderInbound ack(InstructionAck ack) {
        return CommandProviderInbound.newBuilder().setAck(ack).build();
    }

    private void answered(CommandResponse response) {
        PendingCommand pending = inFlight.remove(response.getRequestIdentifier());
        if (pending != null) {
            router.answered(pending, response);
        }
    }

    @Override
    protected void ended(End end) {
        router.remove(this);
        Set<String> neverDelivered = close(end).stream()
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
