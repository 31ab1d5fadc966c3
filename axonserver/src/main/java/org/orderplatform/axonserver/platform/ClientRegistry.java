package org.orderplatform.axonserver.platform;

import io.axoniq.axonserver.grpc.InstructionAck;
import io.axoniq.axonserver.grpc.InstructionResult;
import io.axoniq.axonserver.grpc.control.ClientIdentification;
import io.axoniq.axonserver.grpc.control.EventProcessorReference;
import io.axoniq.axonserver.grpc.control.EventProcessorSegmentReference;
import io.axoniq.axonserver.grpc.control.Heartbeat;
import io.axoniq.axonserver.grpc.control.PlatformOutboundInstruction;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.orderplatform.axonserver.AxonServerProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.UnaryOperator;

/**
 * The connected client applications: who is there, what they handle, how their event processors are doing, and the
 * event processor instructions sent to them. The control streams register and remove clients, the command and query
 * services report subscriptions; everything else only reads.
 * <p>
 * As in AxonIQ's server, only clients that send heartbeats are watched: they get one from the server every half
 * second, which the stock connector answers with one of its own. A watched client silent for longer than the
 * heartbeat timeout (a frozen process, a long GC pause, a partition) is disconnected: its control stream and its
 * command and query handler connections end, so its subscriptions go and what waited on it is settled.
 */
@Component
public class ClientRegistry {

    private static final Logger log = LoggerFactory.getLogger(ClientRegistry.class);
    static final Duration INSTRUCTION_TIMEOUT = Duration.ofSeconds(30);
    /** How often clients that send heartbeats get one and are checked; AxonIQ's {@code client-heartbeat-frequency}. */
    static final Duration HEARTBEAT_INTERVAL = Duration.ofMillis(500);
    private static final int INSTRUCTION_HISTORY = 200;

    private final Clock clock = Clock.systemUTC();
    private final Timers timers;
    private final Duration heartbeatTimeout;
    private final ConcurrentMap<ClientKey, ClientConnection> clients = new ConcurrentHashMap<>();
    private final ConcurrentMap<ClientKey, Set<HandlerStream<?, ?>>> handlerStreams = new ConcurrentHashMap<>();
    private final ConcurrentMap<ClientKey, Set<String>> commandSubscriptions = new ConcurrentHashMap<>();
    private final ConcurrentMap<ClientKey, Set<String>> querySubscriptions = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, CompletableFuture<Void>> pendingInstructions = new ConcurrentHashMap<>();
    /** Most recent instructions by id, oldest first; guarded by itself. */
    private final Map<String, InstructionStatus> instructionHistory = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, InstructionStatus> eldest) {
            return size() > INSTRUCTION_HISTORY;
        }
    };

    ClientRegistry(Timers timers, AxonServerProperties properties) {
        this.timers = timers;
        this.heartbeatTimeout = properties.clientHeartbeatTimeout();
        timers.every(HEARTBEAT_INTERVAL, this::checkHeartbeats);
    }

    /** All connected application instances, ordered by context, component and client id. */
    public List<ConnectedApplication> applications() {
        return clients.values().stream()
                .map(this::view)
                .sorted(Comparator.comparing((ConnectedApplication a) -> a.client().context())
                        .thenComparing(ConnectedApplication::componentName)
                        .thenComparing(a -> a.client().clientId()))
                .toList();
    }

    public Optional<ConnectedApplication> application(ClientKey client) {
        return Optional.ofNullable(clients.get(client)).map(this::view);
    }

    /** The most recent event processor instructions, oldest first. */
    public List<InstructionStatus> instructions() {
        synchronized (instructionHistory) {
            return new ArrayList<>(instructionHistory.values());
        }
    }

    /**
     * An instruction on its way to a client.
     *
     * @param instructionId the id under which {@link #instructions()} reports it
     * @param result        completes when the client reports success, or exceptionally with
     *                      {@link InstructionFailedException} when it refuses, fails, disconnects or does not answer
     *                      within 30 seconds
     */
    public record Instruction(String instructionId, CompletableFuture<Void> result) {
    }

    /** Asks a client to pause an event processor. */
    public Instruction pauseProcessor(ClientKey client, String processorName) {
        return instruct(client, processorName, -1, builder -> builder.setPauseEventProcessor(reference(processorName)));
    }

    /** Asks a client to start an event processor. */
    public Instruction startProcessor(ClientKey client, String processorName) {
        return instruct(client, processorName, -1, builder -> builder.setStartEventProcessor(reference(processorName)));
    }

    /** Asks a client to split one segment of an event processor in two. */
    public Instruction splitSegment(ClientKey client, String processorName, int segment) {
        return instruct(client, processorName, segment,
                builder -> builder.setSplitEventProcessorSegment(segment(processorName, segment)));
    }

    /** Asks a client to merge a segment with its sibling. */
    public Instruction mergeSegment(ClientKey client, String processorName, int segment) {
        return instruct(client, processorName, segment,
                builder -> builder.setMergeEventProcessorSegment(segment(processorName, segment)));
    }

    /** Asks a client to release a segment so another instance can claim it. */
    public Instruction releaseSegment(ClientKey client, String processorName, int segment) {
        return instruct(client, processorName, segment,
                builder -> builder.setReleaseSegment(segment(processorName, segment)));
    }

    /** Called by the command service with every command the client now handles. */
    public void commandSubscriptionsChanged(ClientKey client, Set<String> commands) {
        replace(commandSubscriptions, client, commands);
    }

    /** Called by the query service with every query the client now handles. */
    public void querySubscriptionsChanged(ClientKey client, Set<String> queries) {
        replace(querySubscriptions, client, queries);
    }

    ClientConnection register(String context, ClientIdentification identification,
                              OutboundStream<PlatformOutboundInstruction> outbound) {
        ClientKey key = new ClientKey(context, identification.getClientId());
        ClientConnection connection = new ClientConnection(key, identification, clock.instant(), outbound);
        // A reconnecting client may open its new stream before the server notices the old one is gone.
        clients.put(key, connection);
        log.info("Client {} of {} connected to context {}", key.clientId(), identification.getComponentName(), context);
        return connection;
    }

    void disconnected(ClientConnection connection) {
        if (clients.remove(connection.key(), connection)) {
            log.info("Client {} disconnected from context {}", connection.key().clientId(), connection.key().context());
            failPending(connection.key(), "Client disconnected");
        }
    }

    void handlerStreamOpened(HandlerStream<?, ?> stream) {
        handlerStreams.computeIfAbsent(stream.client(), client -> ConcurrentHashMap.newKeySet()).add(stream);
    }

    void handlerStreamEnded(HandlerStream<?, ?> stream) {
        handlerStreams.computeIfPresent(stream.client(), (client, streams) -> {
            streams.remove(stream);
            return streams.isEmpty() ? null : streams;
        });
    }

    void heartbeat(ClientConnection connection) {
        connection.heartbeat(clock.instant());
    }

    void acknowledged(InstructionAck ack) {
        if (ack.getInstructionId().isEmpty()) {
            return;
        }
        if (ack.getSuccess()) {
            update(ack.getInstructionId(), InstructionStatus.State.ACKNOWLEDGED, null);
        } else {
            fail(ack.getInstructionId(), InstructionStatus.State.FAILED, ack.getError().getMessage());
        }
    }

    void resultReceived(InstructionResult result) {
        if (result.getSuccess()) {
            CompletableFuture<Void> pending = pendingInstructions.remove(result.getInstructionId());
            update(result.getInstructionId(), InstructionStatus.State.SUCCEEDED, null);
            if (pending != null) {
                pending.complete(null);
            }
        } else {
            fail(result.getInstructionId(), InstructionStatus.State.FAILED, result.getError().getMessage());
        }
    }

    private Instruction instruct(ClientKey client, String processorName, int segment,
                                 UnaryOperator<PlatformOutboundInstruction.Builder> request) {
        String instructionId = UUID.randomUUID().toString();
        ClientConnection connection = clients.get(client);
        if (connection == null) {
            return new Instruction(instructionId, CompletableFuture.failedFuture(
                    new InstructionFailedException("Client " + client.clientId() + " is not connected to context "
                            + client.context())));
        }
        PlatformOutboundInstruction instruction =
                request.apply(PlatformOutboundInstruction.newBuilder().setInstructionId(instructionId)).build();
        CompletableFuture<Void> result = new CompletableFuture<>();
        pendingInstructions.put(instructionId, result);
        synchronized (instructionHistory) {
            instructionHistory.put(instructionId, new InstructionStatus(instructionId, client,
                    instruction.getRequestCase().name(), processorName, segment, clock.instant(),
                    InstructionStatus.State.PENDING, null));
        }
        timers.after(INSTRUCTION_TIMEOUT, () -> fail(instructionId, InstructionStatus.State.TIMED_OUT,
                "No answer from client within " + INSTRUCTION_TIMEOUT.toSeconds() + " seconds"));
        connection.outbound().sendWithoutPermit(instruction);
        return new Instruction(instructionId, result);
    }

    private void failPending(ClientKey client, String reason) {
        for (InstructionStatus status : instructions()) {
            if (status.client().equals(client) && pendingInstructions.containsKey(status.instructionId())) {
                fail(status.instructionId(), InstructionStatus.State.FAILED, reason);
            }
        }
    }

    private void fail(String instructionId, InstructionStatus.State state, String reason) {
        CompletableFuture<Void> pending = pendingInstructions.remove(instructionId);
        if (pending == null) {
            return;
        }
        update(instructionId, state, reason);
        pending.completeExceptionally(new InstructionFailedException(reason));
    }

    private void update(String instructionId, InstructionStatus.State state, String error) {
        synchronized (instructionHistory) {
            instructionHistory.computeIfPresent(instructionId, (id, status) -> status.withState(state, error));
        }
    }

    private void checkHeartbeats() {
        PlatformOutboundInstruction heartbeat =
                PlatformOutboundInstruction.newBuilder().setHeartbeat(Heartbeat.getDefaultInstance()).build();
        Instant silentSince = clock.instant().minus(heartbeatTimeout);
        for (ClientConnection connection : clients.values()) {
            Instant last = connection.lastHeartbeat();
            if (last == null) {
                continue;
            }
            if (!heartbeatTimeout.isZero() && last.isBefore(silentSince)) {
                evict(connection, last);
            } else {
                connection.outbound().sendWithoutPermit(heartbeat);
            }
        }
    }

    private void evict(ClientConnection connection, Instant lastHeartbeat) {
        ClientKey key = connection.key();
        if (!clients.remove(key, connection)) {
            return;
        }
        log.warn("Client {} of {} sent no heartbeat since {}, disconnecting it from context {}", key.clientId(),
                connection.identification().getComponentName(), lastHeartbeat, key.context());
        connection.outbound().fail(inactivity(key.clientId()));
        failPending(key, "Client sent no heartbeat within " + heartbeatTimeout.toMillis() + " ms");
        List.copyOf(handlerStreams.getOrDefault(key, Set.of())).forEach(HandlerStream::evict);
    }

    /** What an evicted client is told on each of its streams, in AxonIQ's words. */
    static StatusRuntimeException inactivity(String clientId) {
        return Status.UNAVAILABLE.withDescription("Platform stream inactivity for " + clientId).asRuntimeException();
    }

    private ConnectedApplication view(ClientConnection connection) {
        ClientIdentification identification = connection.identification();
        return new ConnectedApplication(connection.key(),
                identification.getComponentName(),
                identification.getVersion(),
                Map.copyOf(identification.getTagsMap()),
                connection.connectedSince(),
                connection.lastHeartbeat(),
                commandSubscriptions.getOrDefault(connection.key(), Set.of()),
                querySubscriptions.getOrDefault(connection.key(), Set.of()),
                handlerStreams.getOrDefault(connection.key(), Set.of()).stream()
                        .mapToInt(HandlerStream::waitingForPermits)
                        .sum(),
                connection.processors());
    }

    private static void replace(ConcurrentMap<ClientKey, Set<String>> subscriptions, ClientKey client,
                                Set<String> names) {
        if (names.isEmpty()) {
            subscriptions.remove(client);
        } else {
            subscriptions.put(client, Set.copyOf(names));
        }
    }

    private static EventProcessorReference reference(String processorName) {
        return EventProcessorReference.newBuilder().setProcessorName(processorName).build();
    }

    private static EventProcessorSegmentReference segment(String processorName, int segment) {
        return EventProcessorSegmentReference.newBuilder()
                .setProcessorName(processorName)
                .setSegmentIdentifier(segment)
                .build();
    }
}
