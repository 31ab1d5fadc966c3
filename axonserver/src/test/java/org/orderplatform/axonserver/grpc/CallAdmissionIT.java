package org.orderplatform.axonserver.grpc;

import io.axoniq.axonserver.connector.AxonServerConnection;
import io.axoniq.axonserver.connector.AxonServerConnectionFactory;
import io.axoniq.axonserver.connector.event.AppendEventsTransaction;
import io.axoniq.axonserver.connector.event.EventChannel;
import io.axoniq.axonserver.connector.impl.ServerAddress;
import io.axoniq.axonserver.grpc.command.Command;
import io.axoniq.axonserver.grpc.command.CommandResponse;
import io.axoniq.axonserver.grpc.command.CommandServiceGrpc;
import io.axoniq.axonserver.grpc.event.Confirmation;
import io.axoniq.axonserver.grpc.event.Event;
import io.axoniq.axonserver.grpc.event.EventStoreGrpc;
import io.axoniq.axonserver.grpc.event.GetLastTokenRequest;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.AbstractStub;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.axonframework.commandhandling.CommandHandler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.orderplatform.axonserver.EmbeddedAxonServer;
import org.orderplatform.axonserver.command.CommandRouter;
import org.orderplatform.axonserver.support.AxonApp;
import org.orderplatform.axonserver.support.RawClient;
import org.orderplatform.axonserver.support.TestEvents;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Which calls the server admits: only to known contexts and, when an access token is set, only with that token. The
 * stock connector only logs why its connection was refused, so the exact status is checked on a plain gRPC call.
 */
class CallAdmissionIT {

    private static final String TOKEN = "s3cret-token";
    private static final Metadata.Key<String> CONTEXT = Metadata.Key.of("AxonIQ-Context", Metadata.ASCII_STRING_MARSHALLER);
    private static final Metadata.Key<String> ACCESS_TOKEN =
            Metadata.Key.of("AxonIQ-Access-Token", Metadata.ASCII_STRING_MARSHALLER);

    @TempDir
    Path dataDir;

    @Test
    void refusesAnUnknownContextAndWritesNothing() throws Exception {
        try (EmbeddedAxonServer server = EmbeddedAxonServer.start(dataDir)) {
            AxonServerConnectionFactory client = connector(server, null);
            try {
                AxonServerConnection connection = client.connect("nope");
                AppendEventsTransaction transaction = connection.eventChannel().startAppendEventsTransaction();
                transaction.appendEvent(TestEvents.domainEvent("order-1", 0));

                assertThatThrownBy(() -> transaction.commit().get(10, TimeUnit.SECONDS))
                        .isInstanceOf(ExecutionException.class);
                assertThat(connection.isConnected()).isFalse();
                assertThat(client.connect("default").eventChannel().getLastToken().get(10, TimeUnit.SECONDS))
                        .isEqualTo(-1);
            } finally {
                client.shutdown();
            }
            StatusRuntimeException refused = lastTokenCall(server, "nope", null);
            assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
            assertThat(refused.getTrailers().get(ErrorCode.TRAILER)).isEqualTo("AXONIQ-1104");
            assertThat(Files.exists(dataDir.resolve("nope"))).isFalse();
        }
    }

    @Test
    void withAnAccessTokenAdmitsOnlyClientsThatPresentIt() throws Exception {
        try (EmbeddedAxonServer server = EmbeddedAxonServer.start(dataDir, 0, 0,
                Map.of("axonserver.access-token", TOKEN))) {
            StatusRuntimeException missing = lastTokenCall(server, "default", null);
            assertThat(missing.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
            assertThat(missing.getTrailers().get(ErrorCode.TRAILER)).isEqualTo("AXONIQ-1000");
            StatusRuntimeException wrong = lastTokenCall(server, "default", "guess");
            assertThat(wrong.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
            assertThat(wrong.getTrailers().get(ErrorCode.TRAILER)).isEqualTo("AXONIQ-1001");

            AxonServerConnectionFactory wrongClient = connector(server, "guess");
            try {
                AxonServerConnection connection = wrongClient.connect("default");
                assertThatThrownBy(() -> connection.eventChannel().getLastToken().get(10, TimeUnit.SECONDS))
                        .isInstanceOf(ExecutionException.class);
                assertThat(connection.isConnected()).isFalse();
            } finally {
                wrongClient.shutdown();
            }

            AxonServerConnectionFactory rightClient = connector(server, TOKEN);
            try {
                EventChannel events = rightClient.connect("default").eventChannel();
                AppendEventsTransaction transaction = events.startAppendEventsTransaction();
                transaction.appendEvent(TestEvents.domainEvent("order-1", 0));
                transaction.commit().get(10, TimeUnit.SECONDS);
                assertThat(events.getLastToken().get(10, TimeUnit.SECONDS)).isZero();
            } finally {
                rightClient.shutdown();
            }

            try (AxonApp handler = AxonApp.builder(server.servers(), "echo", "echo-1").token(TOKEN)
                    .handlers(new Echo()).eventsInMemory().start();
                 AxonApp sender = AxonApp.builder(server.servers(), "web", "web-1").token(TOKEN)
                         .eventsInMemory().start()) {
                await().atMost(Duration.ofSeconds(20)).ignoreExceptions().untilAsserted(() ->
                        assertThat(sender.commandGateway().<String>sendAndWait(new Shout("hello"))).isEqualTo("HELLO"));
            }
        }
    }

    @Test
    void refusesAForgedCommandOrAppendWithoutTheTokenOrWithAWrongOneOfTheSameLength() throws Exception {
        String sameLength = "s3cret-tokeN";
        assertThat(sameLength).hasSameSizeAs(TOKEN).isNotEqualTo(TOKEN);
        try (EmbeddedAxonServer server = EmbeddedAxonServer.start(dataDir, 0, 0,
                Map.of("axonserver.access-token", TOKEN));
             RawClient handler = new RawClient(server.grpcPort(), "orders", "orders-1", TOKEN)) {
            handler.handleCommand("PlaceOrder", 10);
            CommandRouter router = server.bean(CommandRouter.class);
            await().atMost(Duration.ofSeconds(10)).until(() -> !router.handlers().isEmpty());
            ManagedChannel channel = channel(server);
            try {
                assertRefused(() -> dispatch(channel, null, RawClient.command("PlaceOrder")), "AXONIQ-1000");
                assertRefused(() -> dispatch(channel, sameLength, RawClient.command("PlaceOrder")), "AXONIQ-1001");
                assertRefused(() -> append(channel, null, TestEvents.domainEvent("order-1", 0)), "AXONIQ-1000");
                assertRefused(() -> append(channel, sameLength, TestEvents.domainEvent("order-1", 0)), "AXONIQ-1001");
                assertThat(handler.commands()).isEmpty();
                assertThat(lastToken(channel, TOKEN)).isEqualTo(-1);

                CompletableFuture<CommandResponse> answer = CompletableFuture.supplyAsync(
                        () -> dispatch(channel, TOKEN, RawClient.command("PlaceOrder")));
                Command received = handler.commands().poll(10, TimeUnit.SECONDS);
                assertThat(received).isNotNull();
                handler.answer(received);
                assertThat(answer.get(10, TimeUnit.SECONDS).hasErrorMessage()).isFalse();
                append(channel, TOKEN, TestEvents.domainEvent("order-1", 0));
                assertThat(lastToken(channel, TOKEN)).isZero();
            } finally {
                channel.shutdownNow();
            }
        }
    }

    private static void assertRefused(ThrowingCallable call, String errorCode) {
        assertThatThrownBy(call)
                .isInstanceOfSatisfying(StatusRuntimeException.class, refused -> {
                    assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
                    assertThat(refused.getTrailers().get(ErrorCode.TRAILER)).isEqualTo(errorCode);
                });
    }

    private static CommandResponse dispatch(ManagedChannel channel, String token, Command command) {
        return withHeaders(CommandServiceGrpc.newBlockingStub(channel), "default", token).dispatch(command);
    }

    /** Appends one event in a transaction of its own; a refused append throws the status it was refused with. */
    private static void append(ManagedChannel channel, String token, Event event) {
        CompletableFuture<Confirmation> confirmation = new CompletableFuture<>();
        StreamObserver<Event> transaction = withHeaders(EventStoreGrpc.newStub(channel), "default", token)
                .appendEvent(new StreamObserver<>() {
                    @Override
                    public void onNext(Confirmation value) {
                        confirmation.complete(value);
                    }

                    @Override
                    public void onError(Throwable refusal) {
                        confirmation.completeExceptionally(refusal);
                    }

                    @Override
                    public void onCompleted() {
                    }
                });
        transaction.onNext(event);
        transaction.onCompleted();
        try {
            assertThat(confirmation.get(10, TimeUnit.SECONDS).getSuccess()).isTrue();
        } catch (ExecutionException e) {
            throw (StatusRuntimeException) e.getCause();
        } catch (Exception e) {
            throw new AssertionError("the append did not finish", e);
        }
    }

    private static long lastToken(ManagedChannel channel, String token) {
        return withHeaders(EventStoreGrpc.newBlockingStub(channel), "default", token)
                .getLastToken(GetLastTokenRequest.getDefaultInstance()).getToken();
    }

    private static AxonServerConnectionFactory connector(EmbeddedAxonServer server, String token) {
        AxonServerConnectionFactory.Builder builder = AxonServerConnectionFactory.forClient("admission-it")
                .routingServers(new ServerAddress("localhost", server.grpcPort()));
        if (token != null) {
            builder.token(token);
        }
        return builder.build();
    }

    /** A plain gRPC call with exactly the given headers; returns how it was refused. */
    private static StatusRuntimeException lastTokenCall(EmbeddedAxonServer server, String context, String token) {
        ManagedChannel channel = channel(server);
        try {
            withHeaders(EventStoreGrpc.newBlockingStub(channel), context, token)
                    .getLastToken(GetLastTokenRequest.getDefaultInstance());
        } catch (StatusRuntimeException refused) {
            return refused;
        } finally {
            channel.shutdownNow();
        }
        throw new AssertionError("the call was admitted");
    }

    private static ManagedChannel channel(EmbeddedAxonServer server) {
        return ManagedChannelBuilder.forAddress("localhost", server.grpcPort()).usePlaintext().build();
    }

    /** The stub sending exactly these headers: the context, and the access token unless it is null. */
    private static <S extends AbstractStub<S>> S withHeaders(S stub, String context, String token) {
        Metadata headers = new Metadata();
        headers.put(CONTEXT, context);
        if (token != null) {
            headers.put(ACCESS_TOKEN, token);
        }
        return stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
    }

    record Shout(String text) {
    }

    static final class Echo {

        @CommandHandler
        String handle(Shout shout) {
            return shout.text().toUpperCase();
        }
    }
}
