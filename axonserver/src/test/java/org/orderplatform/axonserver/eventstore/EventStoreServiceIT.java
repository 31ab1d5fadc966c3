package org.orderplatform.axonserver.eventstore;

import io.axoniq.axonserver.connector.AxonServerConnection;
import io.axoniq.axonserver.connector.AxonServerConnectionFactory;
import io.axoniq.axonserver.connector.event.AggregateEventStream;
import io.axoniq.axonserver.connector.event.AppendEventsTransaction;
import io.axoniq.axonserver.connector.event.EventChannel;
import io.axoniq.axonserver.connector.event.EventStream;
import io.axoniq.axonserver.connector.impl.ServerAddress;
import io.axoniq.axonserver.grpc.event.Confirmation;
import io.axoniq.axonserver.grpc.event.Event;
import io.axoniq.axonserver.grpc.event.EventStoreGrpc;
import io.axoniq.axonserver.grpc.event.EventWithToken;
import io.axoniq.axonserver.grpc.event.GetEventsRequest;
import io.axoniq.axonserver.grpc.event.PayloadDescription;
import io.axoniq.axonserver.grpc.event.QueryEventsRequest;
import io.axoniq.axonserver.grpc.event.QueryEventsResponse;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.orderplatform.axonserver.EmbeddedAxonServer;
import org.orderplatform.axonserver.grpc.ErrorCode;
import org.orderplatform.axonserver.support.ServerPerClass;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.orderplatform.axonserver.support.TestEvents.domainEvent;
import static org.orderplatform.axonserver.support.TestEvents.plainEvent;
import static org.orderplatform.axonserver.support.TestEvents.snapshot;
import static org.orderplatform.axonserver.support.TestEvents.transaction;

/** The EventStore service of the running app, driven by the stock Axon Server connector and a plain gRPC stub. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EventStoreServiceIT {

    @RegisterExtension
    static final ServerPerClass SERVER = new ServerPerClass();
    private EmbeddedAxonServer server;

    private AxonServerConnectionFactory connectionFactory;
    private EventChannel events;
    private ManagedChannel channel;

    @BeforeAll
    void connect() {
        server = SERVER.get();
        connectionFactory = AxonServerConnectionFactory.forClient("event-store-it")
                .routingServers(new ServerAddress("localhost", server.grpcPort()))
                .build();
        AxonServerConnection connection = connectionFactory.connect("default");
        events = connection.eventChannel();
        channel = ManagedChannelBuilder.forAddress("localhost", server.grpcPort()).usePlaintext().build();
    }

    @AfterAll
    void disconnect() {
        connectionFactory.shutdown();
        channel.shutdownNow();
    }

    private static String newAggregate() {
        return "order-" + UUID.randomUUID();
    }

    private Confirmation append(List<Event> transaction) throws Exception {
        AppendEventsTransaction tx = events.startAppendEventsTransaction();
        transaction.forEach(tx::appendEvent);
        return tx.commit().get(10, TimeUnit.SECONDS);
    }

    private long lastToken() throws Exception {
        return events.getLastToken().get(5, TimeUnit.SECONDS);
    }

    private static List<Event> readAll(AggregateEventStream stream) throws InterruptedException {
        List<Event> read = new ArrayList<>();
        while (stream.hasNext()) {
            read.add(stream.next());
        }
        return read;
    }

    private static Status statusOf(ExecutionException e) {
        return Status.fromThrowable(e.getCause());
    }

    @Test
    void appendsATransactionAndReadsTheAggregateBack() throws Exception {
        String aggregateId = newAggregate();
        List<Event> transaction = transaction(aggregateId, 0, 3);

        assertThat(append(transaction).getSuccess()).isTrue();

        assertThat(events.findHighestSequence(aggregateId).get(5, TimeUnit.SECONDS)).isEqualTo(2);
        assertThat(readAll(events.openAggregateStream(aggregateId))).isEqualTo(transaction);
        assertThat(readAll(events.openAggregateStream(aggregateId, 1, 1))).containsExactly(transaction.get(1));
        assertThat(readAll(events.openAggregateStream(aggregateId, 1))).containsExactly(transaction.get(1),
                transaction.get(2));
    }

    @Test
    void answersUnknownAggregatesWithNothing() throws Exception {
        assertThat(events.findHighestSequence("never-stored").get(5, TimeUnit.SECONDS)).isEqualTo(-1);
        assertThat(readAll(events.openAggregateStream("never-stored"))).isEmpty();
        assertThat(readAll(events.loadSnapshots("never-stored", Long.MAX_VALUE, 5))).isEmpty();
    }

    @Test
    void servesSnapshotsFirstWhenAllowed() throws Exception {
        String aggregateId = newAggregate();
        List<Event> transaction = transaction(aggregateId, 0, 6);
        append(transaction);

        assertThat(events.appendSnapshot(snapshot(aggregateId, 3)).get(5, TimeUnit.SECONDS).getSuccess()).isTrue();

        List<Event> withSnapshot = readAll(events.openAggregateStream(aggregateId, true));
        assertThat(withSnapshot).extracting(Event::getAggregateSequenceNumber).containsExactly(3L, 4L, 5L);
        assertThat(withSnapshot.get(0).getSnapshot()).isTrue();
        assertThat(readAll(events.openAggregateStream(aggregateId, false))).isEqualTo(transaction);
        assertThat(readAll(events.loadSnapshots(aggregateId, Long.MAX_VALUE, 10)))
                .extracting(Event::getAggregateSequenceNumber).containsExactly(3L);
        assertThat(readAll(events.loadSnapshots(aggregateId, 2, 10))).isEmpty();
    }

    @Test
    void streamsFromATokenAndTailsNewEvents() throws Exception {
        String aggregateId = newAggregate();
        append(transaction(aggregateId, 0, 2));
        long last = lastToken();

        EventStream stream = events.openStream(last - 2, 64);
        try {
            EventWithToken first = stream.nextIfAvailable(5, TimeUnit.SECONDS);
            EventWithToken second = stream.nextIfAvailable(5, TimeUnit.SECONDS);
            assertThat(first.getToken()).isEqualTo(last - 1);
            assertThat(second.getToken()).isEqualTo(last);
            assertThat(second.getEvent().getAggregateIdentifier()).isEqualTo(aggregateId);

            append(List.of(domainEvent(aggregateId, 2)));

            EventWithToken live = stream.nextIfAvailable(5, TimeUnit.SECONDS);
            assertThat(live).isNotNull();
            assertThat(live.getToken()).isEqualTo(last + 1);
            assertThat(live.getEvent().getAggregateSequenceNumber()).isEqualTo(2);
        } finally {
            stream.close();
        }
    }

    @Test
    void neverSendsMoreThanThePermitsGranted() throws Exception {
        long start = lastToken() + 1;
        append(transaction(newAggregate(), 0, 20));
        LinkedBlockingQueue<EventWithToken> received = new LinkedBlockingQueue<>();
        StreamObserver<GetEventsRequest> requests = EventStoreGrpc.newStub(channel).listEvents(collect(received, null));
        try {
            requests.onNext(GetEventsRequest.newBuilder().setTrackingToken(start).setNumberOfPermits(5).build());

            List<Long> tokens = take(received, 5);
            assertThat(received.poll(300, TimeUnit.MILLISECONDS)).isNull();
            requests.onNext(GetEventsRequest.newBuilder().setNumberOfPermits(3).build());
            tokens.addAll(take(received, 3));
            assertThat(received.poll(300, TimeUnit.MILLISECONDS)).isNull();

            assertThat(tokens).containsExactly(start, start + 1, start + 2, start + 3, start + 4, start + 5,
                    start + 6, start + 7);
        } finally {
            requests.onCompleted();
        }
    }

    @Test
    void skipsBlacklistedPayloadTypesKeepingTokenOrder() throws Exception {
        long start = lastToken() + 1;
        append(List.of(plainEvent("Wanted", 1), plainEvent("Unwanted", 2), plainEvent("Wanted", 3),
                plainEvent("Other", 4)));
        LinkedBlockingQueue<EventWithToken> received = new LinkedBlockingQueue<>();
        StreamObserver<GetEventsRequest> requests = EventStoreGrpc.newStub(channel).listEvents(collect(received, null));
        try {
            requests.onNext(GetEventsRequest.newBuilder()
                    .setTrackingToken(start)
                    .setNumberOfPermits(100)
                    .addBlacklist(PayloadDescription.newBuilder().setType("Unwanted").setRevision(""))
                    .build());

            assertThat(take(received, 3)).containsExactly(start, start + 2, start + 3);

            requests.onNext(GetEventsRequest.newBuilder()
                    .addBlacklist(PayloadDescription.newBuilder().setType("Other").setRevision(""))
                    .build());
            append(List.of(plainEvent("Other", 5), plainEvent("Wanted", 6)));
            assertThat(take(received, 1)).containsExactly(start + 5);
        } finally {
            requests.onCompleted();
        }
    }

    @Test
    void refusesAStreamWithoutPermits() throws Exception {
        CompletableFuture<Throwable> error = new CompletableFuture<>();
        StreamObserver<GetEventsRequest> requests = EventStoreGrpc.newStub(channel)
                .listEvents(collect(new LinkedBlockingQueue<>(), error));
        requests.onNext(GetEventsRequest.newBuilder().setTrackingToken(0).setNumberOfPermits(0).build());

        Status status = Status.fromThrowable(error.get(5, TimeUnit.SECONDS));
        assertThat(status.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(status.getDescription()).startsWith("[" + ErrorCode.VALIDATION_FAILED.code() + "]");
    }

    @Test
    void rejectsASequenceGapAndLeavesTheStoreUntouched() throws Exception {
        String aggregateId = newAggregate();
        append(transaction(aggregateId, 0, 2));
        long last = lastToken();

        assertThatThrownBy(() -> append(List.of(domainEvent("other-" + aggregateId, 0), domainEvent(aggregateId, 3))))
                .isInstanceOfSatisfying(ExecutionException.class, e -> {
                    assertThat(statusOf(e).getCode()).isEqualTo(Status.Code.OUT_OF_RANGE);
                    assertThat(statusOf(e).getDescription()).isEqualTo("[AXONIQ-2000] Invalid sequence number 3 for "
                            + "aggregate " + aggregateId + ", expected 2");
                });

        assertThat(lastToken()).isEqualTo(last);
        assertThat(events.findHighestSequence("other-" + aggregateId).get(5, TimeUnit.SECONDS)).isEqualTo(-1);
    }

    @Test
    void rejectsMalformedEventsAndSnapshots() throws Exception {
        String aggregateId = newAggregate();
        append(transaction(aggregateId, 0, 1));
        long last = lastToken();

        Event noIdentifier = domainEvent(aggregateId, 1).toBuilder().clearMessageIdentifier().build();
        assertThatThrownBy(() -> append(List.of(noIdentifier)))
                .isInstanceOfSatisfying(ExecutionException.class,
                        e -> assertThat(statusOf(e).getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT));
        Event anonymousSnapshot = snapshot(aggregateId, 0).toBuilder().clearAggregateIdentifier().build();
        assertThatThrownBy(() -> events.appendSnapshot(anonymousSnapshot).get(5, TimeUnit.SECONDS))
                .isInstanceOfSatisfying(ExecutionException.class,
                        e -> assertThat(statusOf(e).getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT));

        assertThat(lastToken()).isEqualTo(last);
        assertThat(readAll(events.loadSnapshots(aggregateId, Long.MAX_VALUE, 10))).isEmpty();
    }

    @Test
    void commitsNothingOfARolledBackTransaction() throws Exception {
        String aggregateId = newAggregate();
        long last = lastToken();
        AppendEventsTransaction tx = events.startAppendEventsTransaction();
        tx.appendEvent(domainEvent(aggregateId, 0));
        tx.rollback();

        assertThat(append(List.of(plainEvent("Marker", 1))).getSuccess()).isTrue();
        assertThat(lastToken()).isEqualTo(last + 1);
        assertThat(events.findHighestSequence(aggregateId).get(5, TimeUnit.SECONDS)).isEqualTo(-1);
    }

    @Test
    void answersTokenLookupsTheWayTheConnectorExpects() throws Exception {
        append(List.of(plainEvent("Tick", System.currentTimeMillis())));
        long last = lastToken();

        assertThat(events.getFirstToken().get(5, TimeUnit.SECONDS)).isEqualTo(-1);
        assertThat(events.getTokenAt(0).get(5, TimeUnit.SECONDS)).isEqualTo(-1);
        assertThat(events.getTokenAt(System.currentTimeMillis() + 3_600_000).get(5, TimeUnit.SECONDS))
                .isEqualTo(last);
    }

    @Test
    void doesNotSupportEventQueries() {
        CompletableFuture<Throwable> error = new CompletableFuture<>();
        StreamObserver<QueryEventsRequest> requests = EventStoreGrpc.newStub(channel).queryEvents(
                new StreamObserver<>() {
                    @Override
                    public void onNext(QueryEventsResponse value) {
                        error.completeExceptionally(new AssertionError("unexpected result"));
                    }

                    @Override
                    public void onError(Throwable t) {
                        error.complete(t);
                    }

                    @Override
                    public void onCompleted() {
                        error.completeExceptionally(new AssertionError("unexpected completion"));
                    }
                });
        requests.onNext(QueryEventsRequest.newBuilder().setQuery("").setNumberOfPermits(10).build());

        assertThat(Status.fromThrowable(error.join()).getCode()).isEqualTo(Status.Code.UNIMPLEMENTED);
    }

    private static StreamObserver<EventWithToken> collect(LinkedBlockingQueue<EventWithToken> received,
                                                          CompletableFuture<Throwable> error) {
        return new StreamObserver<>() {
            @Override
            public void onNext(EventWithToken value) {
                received.add(value);
            }

            @Override
            public void onError(Throwable t) {
                if (error != null) {
                    error.complete(t);
                }
            }

            @Override
            public void onCompleted() {
                if (error != null) {
                    error.completeExceptionally(new AssertionError("completed without error"));
                }
            }
        };
    }

    private static List<Long> take(LinkedBlockingQueue<EventWithToken> received, int count)
            throws InterruptedException {
        List<Long> tokens = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            EventWithToken next = received.poll(5, TimeUnit.SECONDS);
            assertThat(next).as("event %d of %d", i + 1, count).isNotNull();
            tokens.add(next.getToken());
        }
        return tokens;
    }
}
