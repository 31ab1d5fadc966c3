package org.orderplatform.axonserver.eventstore;

import com.google.protobuf.ByteString;
import io.axoniq.axonserver.connector.AxonServerConnectionFactory;
import io.axoniq.axonserver.connector.event.AppendEventsTransaction;
import io.axoniq.axonserver.connector.event.EventChannel;
import io.axoniq.axonserver.connector.impl.ServerAddress;
import io.axoniq.axonserver.grpc.SerializedObject;
import io.axoniq.axonserver.grpc.event.Confirmation;
import io.axoniq.axonserver.grpc.event.Event;
import io.axoniq.axonserver.grpc.event.EventStoreGrpc;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.orderplatform.axonserver.grpc.ErrorCode;
import org.orderplatform.axonserver.support.ServerPerClass;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.orderplatform.axonserver.support.TestEvents.domainEvent;
import static org.orderplatform.axonserver.support.TestEvents.transaction;

/** Transactions over the server's limits are refused as they stream in, with AxonIQ's code, storing nothing. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TransactionLimitsIT {

    private static final int MAX_EVENTS = 50;

    @RegisterExtension
    static final ServerPerClass SERVER = new ServerPerClass(Map.of(
            "axonserver.transaction.max-events", String.valueOf(MAX_EVENTS),
            "axonserver.transaction.max-bytes", "64KB"));

    private AxonServerConnectionFactory connectionFactory;
    private EventChannel events;
    private ManagedChannel channel;

    @BeforeAll
    void connect() {
        int port = SERVER.get().grpcPort();
        connectionFactory = AxonServerConnectionFactory.forClient("transaction-limits-it")
                .routingServers(new ServerAddress("localhost", port))
                .build();
        events = connectionFactory.connect("default").eventChannel();
        channel = ManagedChannelBuilder.forAddress("localhost", port).usePlaintext().build();
    }

    @AfterAll
    void disconnect() {
        connectionFactory.shutdown();
        channel.shutdownNow();
    }

    @Test
    void aTransactionOfTooManyEventsIsRefusedWithResourceExhaustedAndNothingOfItIsStored() throws Exception {
        String aggregateId = "order-" + UUID.randomUUID();
        long last = events.getLastToken().get(5, TimeUnit.SECONDS);
        AppendEventsTransaction tooMany = events.startAppendEventsTransaction();
        transaction(aggregateId, 0, MAX_EVENTS + 1).forEach(tooMany::appendEvent);

        assertThatThrownBy(() -> tooMany.commit().get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .satisfies(failure -> {
                    Status status = Status.fromThrowable(failure.getCause());
                    assertThat(status.getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
                    assertThat(status.getDescription()).startsWith("[" + ErrorCode.PAYLOAD_TOO_LARGE.code() + "]")
                            .contains("limit of " + MAX_EVENTS + " events");
                });
        assertThat(events.getLastToken().get(5, TimeUnit.SECONDS)).isEqualTo(last);
        assertThat(events.findHighestSequence(aggregateId).get(5, TimeUnit.SECONDS)).isEqualTo(-1);

        AppendEventsTransaction withinTheLimit = events.startAppendEventsTransaction();
        transaction(aggregateId, 0, MAX_EVENTS).forEach(withinTheLimit::appendEvent);
        assertThat(withinTheLimit.commit().get(10, TimeUnit.SECONDS).getSuccess()).isTrue();
        assertThat(events.findHighestSequence(aggregateId).get(5, TimeUnit.SECONDS)).isEqualTo(MAX_EVENTS - 1);
    }

    @Test
    void aTransactionOverTheByteLimitIsRefusedBeforeItsStreamEnds() {
        String aggregateId = "order-" + UUID.randomUUID();
        CompletableFuture<Throwable> refusal = new CompletableFuture<>();
        StreamObserver<Event> stream = EventStoreGrpc.newStub(channel).appendEvent(new StreamObserver<>() {
            @Override
            public void onNext(Confirmation confirmation) {
                refusal.completeExceptionally(new AssertionError("confirmed " + confirmation));
            }

            @Override
            public void onError(Throwable t) {
                refusal.complete(t);
            }

            @Override
            public void onCompleted() {
                refusal.completeExceptionally(new AssertionError("completed without a refusal"));
            }
        });
        ByteString thirtyKilobytes = ByteString.copyFrom(new byte[30 * 1024]);
        for (Event event : List.of(domainEvent(aggregateId, 0), domainEvent(aggregateId, 1),
                domainEvent(aggregateId, 2))) {
            stream.onNext(event.toBuilder()
                    .setPayload(SerializedObject.newBuilder().setType("Large").setData(thirtyKilobytes)).build());
        }

        // The stream is still open: the server refused the transaction on the event that passed the limit.
        Status status = Status.fromThrowable(refusal.orTimeout(10, TimeUnit.SECONDS).join());
        assertThat(status.getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
        assertThat(status.getDescription()).contains("or " + 64 * 1024 + " bytes").contains("nothing of it was stored");
        stream.onCompleted();
    }
}
