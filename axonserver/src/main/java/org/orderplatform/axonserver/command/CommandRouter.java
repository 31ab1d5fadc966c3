package org.orderplatform.axonserver.command;

import io.axoniq.axonserver.grpc.ProcessingInstruction;
import io.axoniq.axonserver.grpc.ProcessingKey;
import io.axoniq.axonserver.grpc.command.Command;
import io.axoniq.axonserver.grpc.command.CommandResponse;
import io.axoniq.axonserver.grpc.command.CommandSubscription;
import io.grpc.stub.StreamObserver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.orderplatform.axonserver.AxonServerProperties;
import org.orderplatform.axonserver.grpc.ErrorCode;
import org.orderplatform.axonserver.platform.ClientKey;
import org.orderplatform.axonserver.platform.ClientRegistry;
import org.orderplatform.axonserver.platform.MessageStatistics;
import org.orderplatform.axonserver.platform.Timers;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Which client handles which command, and the routing of each command to one of them. A command goes to the handler
 * that owns its routing key on a consistent-hash ring of all instances subscribed to that command name, weighted by
 * their load factor, so commands for one aggregate keep reaching the same instance while the instances stay the same.
 * A command not answered within the command timeout is answered with AxonIQ's {@code COMMAND_TIMEOUT}, so a frozen
 * handler cannot hold its dispatcher for longer than that. A command whose owner has too many commands waiting for its
 * permits goes to the next instance on the ring with room; with none, it is refused at once with
 * {@code COMMAND_DISPATCH_ERROR}, as AxonIQ's server refuses a command its handler's full queue cannot take, which the
 * stock client's retry scheduler treats as transient.
 */
@Component
public class CommandRouter {

    /** What Axon Server assumes when a client does not state a load factor. */
    private static final int DEFAULT_LOAD_FACTOR = 100;

    /** As AxonIQ's server words it. */
    private static final String TIMEOUT_MESSAGE = "Cancelled by AxonServer due to timeout";

    private final ClientRegistry registry;
    private final Timers timers;
    private final Duration timeout;
    private final String location;
    private final ConcurrentMap<RouteKey, Route> routes = new ConcurrentHashMap<>();
    private final MessageStatistics statistics = new MessageStatistics();
    private final Timer latency;
    private final Map<String, Counter> routed = new ConcurrentHashMap<>();
    private final MeterRegistry meters;
    private final CommandJournal journal;

    CommandRouter(ClientRegistry registry, Timers timers, AxonServerProperties properties, MeterRegistry meters) {
        this.registry = registry;
        this.timers = timers;
        this.timeout = properties.commandTimeout();
        this.location = properties.name();
        this.meters = meters;
        this.journal = new CommandJournal(properties.commandJournalSize());
        this.latency = Timer.builder("axonserver.command.latency")
                .description("Time from receiving a command to passing on its response")
                .register(meters);
    }

    /** Every subscribed command with its handler instances, ordered by context and command name. */
    public List<CommandHandlers> handlers() {
        return routes.entrySet().stream()
                .map(entry -> new CommandHandlers(entry.getKey().context(), entry.getKey().command(),
                        entry.getValue().members().values().stream()
                                .map(s -> new Handler(s.stream().clientId(), s.stream().componentName(), s.loadFactor()))
                                .sorted(Comparator.comparing(Handler::clientId))
                                .toList()))
                .sorted(Comparator.comparing(CommandHandlers::context).thenComparing(CommandHandlers::command))
                .toList();
    }

    /** Routed commands and their latency per command name since the server started. */
    public List<MessageStatistics.Snapshot> statistics() {
        return statistics.snapshot();
    }

    synchronized void subscribe(CommandHandlerStream stream, CommandSubscription subscription) {
        if (stream.hasEnded()) {
            // Its removal from routing already ran; a closed connection in the ring would be picked forever.
            return;
        }
        int loadFactor = subscription.getLoadFactor() > 0 ? subscription.getLoadFactor() : DEFAULT_LOAD_FACTOR;
        RouteKey key = new RouteKey(stream.context(), subscription.getCommand());
        Map<String, Subscription> members = new LinkedHashMap<>(membersOf(key));
        members.put(stream.clientId(), new Subscription(stream, loadFactor));
        routes.put(key, Route.of(members));
        publish(stream.client());
    }

    synchronized void unsubscribe(CommandHandlerStream stream, String command) {
        RouteKey key = new RouteKey(stream.context(), command);
        Subscription current = membersOf(key).get(stream.clientId());
        if (current != null && current.stream() == stream) {
            Map<String, Subscription> members = new LinkedHashMap<>(membersOf(key));
            members.remove(stream.clientId());
            replace(key, members);
            publish(stream.client());
        }
    }

    synchronized void remove(CommandHandlerStream stream) {
        boolean changed = false;
        for (Map.Entry<RouteKey, Route> route : routes.entrySet()) {
            Subscription current = route.getValue().members().get(stream.clientId());
            if (current != null && current.stream() == stream) {
                Map<String, Subscription> members = new LinkedHashMap<>(route.getValue().members());
                members.remove(stream.clientId());
                replace(route.getKey(), members);
                changed = true;
            }
        }
        if (changed) {
            publish(stream.client());
        }
    }

    /**
     * Creates the bookkeeping for a newly dispatched command, counting and journaling it once it is answered, and
     * starts its timeout.
     */
    PendingCommand accept(String context, Command command, StreamObserver<CommandResponse> dispatcher) {
        long start = System.nanoTime();
        Instant receivedAt = Instant.now();
        PendingCommand accepted = new PendingCommand(context, command, dispatcher, (pending, response, result) -> {
            long nanos = System.nanoTime() - start;
            record(command.getName(), response, result, nanos);
            CommandHandlerStream handler = pending.handler();
            journal.record(CommandJournal.entry(context, command, routingKey(command), receivedAt, nanos,
                    handler == null ? "" : handler.clientId(), handler == null ? "" : handler.componentName(),
                    response));
        });
        accepted.timeoutAfter(timers.after(timeout, () -> timedOut(accepted)));
        return accepted;
    }

    /** The recently routed commands. */
    public CommandJournal journal() {
        return journal;
    }

    /**
     * Hands the command to the instance owning its routing key, or to the next one with room, or answers at once that
     * nobody handles it or that every handler is too busy.
     */
    void dispatch(PendingCommand pending) {
        Command command = pending.command();
        RouteKey key = new RouteKey(pending.context(), command.getName());
        String routingKey = routingKey(command);
        Set<CommandHandlerStream> full = new LinkedHashSet<>();
        while (!pending.isAnswered()) {
            Route route = routes.get(key);
            Subscription target = route == null ? null
                    : route.ring().pick(routingKey, subscription -> !full.contains(subscription.stream()));
            if (target == null) {
                refuse(pending, full);
                return;
            }
            switch (target.stream().deliver(pending)) {
                case TAKEN -> {
                    return;
                }
                case FULL -> full.add(target.stream());
                case ENDED -> {
                    // That handler closed between lookup and delivery and has left the ring by now: pick again.
                }
            }
        }
    }

    /** Passes on the handler's answer. */
    void answered(PendingCommand pending, CommandResponse response) {
        pending.answer(response, response.getErrorCode().isEmpty() ? "success" : "error");
    }

    private void refuse(PendingCommand pending, Set<CommandHandlerStream> full) {
        if (full.isEmpty()) {
            fail(pending, ErrorCode.NO_HANDLER_FOR_COMMAND, "no_handler",
                    "No Handler for command: " + pending.command().getName());
        } else {
            fail(pending, ErrorCode.COMMAND_DISPATCH_ERROR, "queue_full",
                    "Too many commands waiting for the permits of "
                            + full.stream().map(CommandHandlerStream::clientId).collect(Collectors.joining(", ")));
        }
    }

    void handlerLost(PendingCommand pending, CommandHandlerStream handler) {
        fail(pending, ErrorCode.COMMAND_DISPATCH_ERROR, "handler_lost",
                "Connection lost while executing command on: " + handler.clientId());
    }

    /** The handler, if any, must neither receive it late nor have its late answer passed on. */
    private void timedOut(PendingCommand pending) {
        CommandHandlerStream handler = pending.handler();
        if (handler != null) {
            handler.forget(pending.id());
        }
        fail(pending, ErrorCode.COMMAND_TIMEOUT, "timeout", TIMEOUT_MESSAGE);
    }

    private void fail(PendingCommand pending, ErrorCode code, String result, String message) {
        pending.answer(error(pending.command(), code, message), result);
    }

    private Map<String, Subscription> membersOf(RouteKey key) {
        Route route = routes.get(key);
        return route == null ? Map.of() : route.members();
    }

    private void replace(RouteKey key, Map<String, Subscription> members) {
        if (members.isEmpty()) {
            routes.remove(key);
        } else {
            routes.put(key, Route.of(members));
        }
    }

    private void publish(ClientKey client) {
        Set<String> commands = new TreeSet<>();
        routes.forEach((key, route) -> {
            Subscription subscription = route.members().get(client.clientId());
            if (key.context().equals(client.context()) && subscription != null) {
                commands.add(key.command());
            }
        });
        registry.commandSubscriptionsChanged(client, commands);
    }

    private void record(String command, CommandResponse response, String result, long nanos) {
        statistics.record(command, response.getErrorCode().isEmpty(), nanos);
        latency.record(nanos, TimeUnit.NANOSECONDS);
        routed.computeIfAbsent(result, r -> Counter.builder("axonserver.commands.routed")
                        .description("Commands answered, by outcome")
                        .tag("result", r)
                        .register(meters))
                .increment();
    }

    private CommandResponse error(Command command, ErrorCode code, String message) {
        return CommandResponse.newBuilder()
                .setMessageIdentifier(UUID.randomUUID().toString())
                .setRequestIdentifier(command.getMessageIdentifier())
                .setErrorCode(code.code())
                .setErrorMessage(code.message(message, location))
                .build();
    }

    private static String routingKey(Command command) {
        for (ProcessingInstruction instruction : command.getProcessingInstructionsList()) {
            if (instruction.getKey() == ProcessingKey.ROUTING_KEY) {
                return instruction.getValue().getTextValue();
            }
        }
        return command.getMessageIdentifier();
    }

    /**
     * The handler instances of one command.
     *
     * @param context  the context the handlers subscribed in
     * @param command  the command name
     * @param handlers the subscribed instances, by client id
     */
    public record CommandHandlers(String context, String command, List<Handler> handlers) {
    }

    /**
     * One subscribed instance.
     *
     * @param clientId      the instance
     * @param componentName its application
     * @param loadFactor    its relative share of the commands
     */
    public record Handler(String clientId, String componentName, int loadFactor) {
    }

    private record RouteKey(String context, String command) {
    }

    private record Subscription(CommandHandlerStream stream, int loadFactor) {
    }

    private record Route(Map<String, Subscription> members, ConsistentHashRing<Subscription> ring) {
        static Route of(Map<String, Subscription> members) {
            Map<String, Subscription> copy = Map.copyOf(members);
            return new Route(copy, new ConsistentHashRing<>(copy.values(), s -> s.stream().clientId(),
                    Subscription::loadFactor));
        }
    }
}
