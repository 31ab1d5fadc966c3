package org.orderplatform.axonserver.platform;

import com.google.protobuf.ByteString;
import io.axoniq.axonserver.connector.AxonServerConnection;
import io.axoniq.axonserver.connector.ResultStream;
import io.axoniq.axonserver.connector.control.ProcessorInstructionHandler;
import io.axoniq.axonserver.grpc.SerializedObject;
import io.axoniq.axonserver.grpc.command.CommandResponse;
import io.axoniq.axonserver.grpc.control.ClientIdentification;
import io.axoniq.axonserver.grpc.control.EventProcessorInfo;
import io.axoniq.axonserver.grpc.control.PlatformInfo;
import io.axoniq.axonserver.grpc.control.PlatformServiceGrpc;
import io.axoniq.axonserver.grpc.query.QueryRequest;
import io.axoniq.axonserver.grpc.query.QueryResponse;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.orderplatform.axonserver.EmbeddedAxonServer;
import org.orderplatform.axonserver.command.CommandRouter;
import org.orderplatform.axonserver.query.QueryRouter;
import org.orderplatform.axonserver.support.Connectors;
import org.orderplatform.axonserver.support.RawClient;
import org.orderplatform.axonserver.support.ServerPerClass;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PlatformServiceIT {

    private static final String PROCESSOR = "order-projection";

    private ClientRegistry registry;

    private Connectors connectors;

    @RegisterExtension
    static final ServerPerClass SERVER = new ServerPerClass(Map.of("axonserver.client-heartbeat-timeout", "2s"));
    private EmbeddedAxonServer server;

    @BeforeAll
    void lookUpServer() {
        server = SERVER.get();
        registry = server.bean(ClientRegistry.class);
    }

    @BeforeEach
    void connectors() {
        connectors = new Connectors(server.grpcPort());
    }

    @AfterEach
    void shutdown() {
        connectors.close();
    }

    @Test
    void tellsClientsToStayOnTheirConnection() {
        ManagedChannel channel = ManagedChannelBuilder.forAddress("localhost", server.grpcPort()).usePlaintext().build();
        try {
            PlatformInfo info = PlatformServiceGrpc.newBlockingStub(channel)
                    .getPlatformServer(ClientIdentification.newBuilder().setClientId("probe").build());

            assertThat(info.getSameConnection()).isTrue();
            assertThat(info.getPrimary().getGrpcPort()).isEqualTo(server.grpcPort());
            assertThat(info.getPrimary().getHttpPort()).isEqualTo(server.httpPort());
            assertThat(info.getPrimary().getNodeName()).isEqualTo("axonserver");
        } finally {
            channel.shutdownNow();
        }
    }

    @Test
    void registersConnectedClientAndRemovesItOnDisconnect() {
        AxonServerConnection connection = connectors.connect("billing", "billing-1");
        ClientKey key = new ClientKey("default", "billing-1");

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(registry.application(key)).hasValueSatisfying(app -> {
            assertThat(app.componentName()).isEqualTo("billing");
            assertThat(app.tags()).containsEntry("team", "routing");
            assertThat(app.connectedSince()).isBefore(Instant.now().plusSeconds(1));
        }));

        connection.disconnect();

        await().atMost(Duration.ofSeconds(10)).until(() -> registry.application(key).isEmpty());
    }

    @Test
    void answersHeartbeatsSoTheClientKeepsItsConnection() throws InterruptedException {
        AxonServerConnection connection = connectors.connect("shipping", "shipping-1");
        ClientKey key = new ClientKey("default", "shipping-1");
        await().atMost(Duration.ofSeconds(10)).until(() -> registry.application(key).isPresent());
        Instant connectedSince = registry.application(key).orElseThrow().connectedSince();

        // A client whose heartbeats go unanswered for 400 ms drops its connection and registers anew.
        connection.controlChannel().enableHeartbeat(100, 400, TimeUnit.MILLISECONDS);
        Thread.sleep(2000);

        ConnectedApplication app = registry.application(key).orElseThrow();
        assertThat(app.connectedSince()).isEqualTo(connectedSince);
        assertThat(app.lastHeartbeat()).isAfter(connectedSince);
    }

    @Test
    void disconnectsAClientWhoseHeartbeatsStopSoAnotherHandlerTakesItsCommands() throws Exception {
        ClientKey key = new ClientKey("default", "greeter-frozen");
        try (RawClient frozen = new RawClient(server.grpcPort(), "greeter", key.clientId())) {
            frozen.registerAndBeatOnce().handleCommand("Greet", 10).handleQuery("FindGreeting");
            await().atMost(Duration.ofSeconds(10)).until(() -> registry.application(key)
                    .filter(app -> app.commands().contains("Greet") && app.queries().contains("FindGreeting"))
                    .isPresent());
            AxonServerConnection dispatcher = connectors.connect("web", "web-3");
            CompletableFuture<CommandResponse> inFlight =
                    dispatcher.commandChannel().sendCommand(RawClient.command("Greet"));
            ResultStream<QueryResponse> queryInFlight = dispatcher.queryChannel().query(QueryRequest.newBuilder()
                    .setMessageIdentifier(UUID.randomUUID().toString()).setQuery("FindGreeting").build());
            assertThat(frozen.commands().poll(5, TimeUnit.SECONDS)).isNotNull();
            assertThat(frozen.queries().poll(5, TimeUnit.SECONDS)).isNotNull();
            greeter(connectors.connect("greeter", "greeter-live"), "greeter-live");

            await().atMost(Duration.ofSeconds(10)).until(() -> registry.application(key).isEmpty());

            assertThat(inFlight.get(5, TimeUnit.SECONDS).getErrorCode()).isEqualTo("AXONIQ-4003");
            assertThat(queryInFlight.nextIfAvailable(5, TimeUnit.SECONDS).getErrorCode()).isEqualTo("AXONIQ-5002");
            assertThat(server.bean(CommandRouter.class).handlers()).singleElement()
                    .satisfies(greet -> assertThat(greet.handlers()).extracting(CommandRouter.Handler::clientId)
                            .containsExactly("greeter-live"));
            assertThat(server.bean(QueryRouter.class).handlers()).isEmpty();
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(frozen.streamErrors())
                    .hasSize(3)
                    .allSatisfy(error -> assertThat(Status.fromThrowable(error).getDescription())
                            .isEqualTo("Platform stream inactivity for greeter-frozen")));
            CommandResponse rerouted = dispatcher.commandChannel().sendCommand(RawClient.command("Greet")).get(5, TimeUnit.SECONDS);
            assertThat(rerouted.getPayload().getData().toStringUtf8()).isEqualTo("greeter-live");
        }
    }

    @Test
    void showsEventProcessorStatusAndDeliversInstructions() throws Exception {
        AxonServerConnection connection = connectors.connect("orders", "orders-1");
        ClientKey key = new ClientKey("default", "orders-1");
        RecordingProcessor processor = new RecordingProcessor();
        connection.controlChannel().registerEventProcessor(PROCESSOR, processor::info, processor);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(registry.application(key).orElseThrow().eventProcessors())
                        .singleElement()
                        .satisfies(info -> {
                            assertThat(info.getProcessorName()).isEqualTo(PROCESSOR);
                            assertThat(info.getRunning()).isTrue();
                        }));

        registry.pauseProcessor(key, PROCESSOR).result().get(10, TimeUnit.SECONDS);

        assertThat(processor.calls).containsExactly("pause");
        assertThat(registry.instructions()).last().satisfies(status -> {
            assertThat(status.type()).isEqualTo("PAUSE_EVENT_PROCESSOR");
            assertThat(status.processorName()).isEqualTo(PROCESSOR);
            assertThat(status.state()).isEqualTo(InstructionStatus.State.SUCCEEDED);
        });
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(registry.application(key).orElseThrow().eventProcessors().get(0).getRunning()).isFalse());

        registry.splitSegment(key, PROCESSOR, 0).result().get(10, TimeUnit.SECONDS);
        assertThat(processor.calls).containsExactly("pause", "split 0");
    }

    @Test
    void reportsInstructionsTheClientCannotCarryOut() {
        connectors.connect("orders", "orders-2");
        ClientKey key = new ClientKey("default", "orders-2");
        await().atMost(Duration.ofSeconds(10)).until(() -> registry.application(key).isPresent());

        CompletableFuture<Void> result = registry.startProcessor(key, "no-such-processor").result();

        assertThatThrownBy(() -> result.get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(InstructionFailedException.class)
                .hasMessageContaining("Unknown processor");
        assertThat(registry.instructions()).last()
                .extracting(InstructionStatus::state).isEqualTo(InstructionStatus.State.FAILED);
    }

    @Test
    void refusesInstructionsForClientsThatAreNotConnected() {
        CompletableFuture<Void> result =
                registry.pauseProcessor(new ClientKey("default", "nobody"), PROCESSOR).result();

        assertThat(result).isCompletedExceptionally();
    }

    /** A stock connector handling {@code Greet}, answering with its name. */
    private static void greeter(AxonServerConnection connection, String name) throws Exception {
        connection.commandChannel().registerCommandHandler(command -> CompletableFuture.completedFuture(
                CommandResponse.newBuilder()
                        .setMessageIdentifier(UUID.randomUUID().toString())
                        .setRequestIdentifier(command.getMessageIdentifier())
                        .setPayload(SerializedObject.newBuilder().setType("java.lang.String")
                                .setData(ByteString.copyFromUtf8(name)))
                        .build()), 100, "Greet").awaitAck(10, TimeUnit.SECONDS);
    }

    private static final class RecordingProcessor implements ProcessorInstructionHandler {

        private final List<String> calls = new CopyOnWriteArrayList<>();
        private volatile boolean running = true;

        EventProcessorInfo info() {
            return EventProcessorInfo.newBuilder()
                    .setProcessorName(PROCESSOR)
                    .setMode("Tracking")
                    .setRunning(running)
                    .setIsStreamingProcessor(true)
                    .build();
        }

        @Override
        public CompletableFuture<Boolean> releaseSegment(int segmentId) {
            calls.add("release " + segmentId);
            return CompletableFuture.completedFuture(true);
        }

        @Override
        public CompletableFuture<Boolean> splitSegment(int segmentId) {
            calls.add("split " + segmentId);
            return CompletableFuture.completedFuture(true);
        }

        @Override
        public CompletableFuture<Boolean> mergeSegment(int segmentId) {
            calls.add("merge " + segmentId);
            return CompletableFuture.completedFuture(true);
        }

        @Override
        public CompletableFuture<Void> pauseProcessor() {
            calls.add("pause");
            running = false;
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletableFuture<Void> startProcessor() {
            calls.add("start");
            running = true;
            return CompletableFuture.completedFuture(null);
        }
    }
}
