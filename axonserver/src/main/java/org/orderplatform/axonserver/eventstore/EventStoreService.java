package org.orderplatform.axonserver.eventstore;

import io.axoniq.axonserver.grpc.event.Confirmation;
import io.axoniq.axonserver.grpc.event.Event;
import io.axoniq.axonserver.grpc.event.EventStoreGrpc;
import io.axoniq.axonserver.grpc.event.EventWithToken;
import io.axoniq.axonserver.grpc.event.GetAggregateEventsRequest;
import io.axoniq.axonserver.grpc.event.GetAggregateSnapshotsRequest;
import io.axoniq.axonserver.grpc.event.GetEventsRequest;
import io.axoniq.axonserver.grpc.event.GetFirstTokenRequest;
import io.axoniq.axonserver.grpc.event.GetLastTokenRequest;
import io.axoniq.axonserver.grpc.event.GetTokenAtRequest;
import io.axoniq.axonserver.grpc.event.QueryEventsRequest;
import io.axoniq.axonserver.grpc.event.QueryEventsResponse;
import io.axoniq.axonserver.grpc.event.ReadHighestSequenceNrRequest;
import io.axoniq.axonserver.grpc.event.ReadHighestSequenceNrResponse;
import io.axoniq.axonserver.grpc.event.TrackingToken;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import org.orderplatform.axonserver.grpc.CallContext;
import org.orderplatform.axonserver.grpc.ErrorCode;
import org.orderplatform.axonserver.store.EventStorage;
import org.orderplatform.axonserver.store.EventStorages;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/** The Axon Server {@code EventStore} gRPC service, answering as AxonIQ's server does. */
@Component
public class EventStoreService extends EventStoreGrpc.EventStoreImplBase implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(EventStoreService.class);
    private static final Confirmation CONFIRMED = Confirmation.newBuilder().setSuccess(true).build();

    private final EventStorages storages;
    private final TransactionLimits limits;
    /** Runs the event stream senders; they block only on disk reads, never on clients. */
    private final ExecutorService streamExecutor;

    public EventStoreService(EventStorages storages, TransactionLimits limits) {
        this.storages = storages;
        this.limits = limits;
        AtomicInteger threads = new AtomicInteger();
        this.streamExecutor = Executors.newFixedThreadPool(Math.max(4, Runtime.getRuntime().availableProcessors() * 2),
                task -> {
                    Thread thread = new Thread(task, "event-stream-" + threads.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
    }

    @Override
    public StreamObserver<Event> appendEvent(StreamObserver<Confirmation> responseObserver) {
        EventStorage storage = storage(responseObserver);
        if (storage == null) {
            return new DiscardingObserver<>();
        }
        return new StreamObserver<>() {
            private final List<Event> transaction = new ArrayList<>();
            private long bytes;
            private boolean refused;

            @Override
            public void onNext(Event event) {
                if (refused) {
                    return;
                }
                transaction.add(event);
                bytes += event.getSerializedSize();
                if (transaction.size() > limits.maxEvents() || bytes > limits.maxBytes().toBytes()) {
                    // Refused as soon as it is too large, its events let go; the rest of the stream is ignored.
                    refused = true;
                    transaction.clear();
                    responseObserver.onError(ErrorCode.PAYLOAD_TOO_LARGE.exception("Transaction exceeds the limit of "
                            + limits.maxEvents() + " events or " + limits.maxBytes().toBytes()
                            + " bytes (axonserver.transaction.max-events, max-bytes); nothing of it was stored"));
                }
            }

            @Override
            public void onError(Throwable t) {
                transaction.clear();
            }

            @Override
            public void onCompleted() {
                if (!refused) {
                    storage.appendEvents(transaction).whenComplete((done, error) -> confirm(responseObserver, error));
                }
            }
        };
    }

    @Override
    public void appendSnapshot(Event request, StreamObserver<Confirmation> responseObserver) {
        EventStorage storage = storage(responseObserver);
        if (storage != null) {
            storage.appendSnapshot(request).whenComplete((done, error) -> confirm(responseObserver, error));
        }
    }

    private static void confirm(StreamObserver<Confirmation> responseObserver, Throwable error) {
        if (error == null) {
            responseObserver.onNext(CONFIRMED);
            responseObserver.onCompleted();
        } else {
            responseObserver.onError(status(error));
        }
    }

    @Override
    public void listAggregateEvents(GetAggregateEventsRequest request, StreamObserver<Event> responseObserver) {
        EventStorage storage = storage(responseObserver);
        if (storage == null) {
            return;
        }
        long to = request.getMaxSequence() > 0 ? request.getMaxSequence() : Long.MAX_VALUE;
        Iterator<Event> events = storage.readAggregate(request.getAggregateId(), request.getInitialSequence(), to,
                request.getAllowSnapshots());
        new ReadySender<>((ServerCallStreamObserver<Event>) responseObserver, events).start();
    }

    @Override
    public void listAggregateSnapshots(GetAggregateSnapshotsRequest request, StreamObserver<Event> responseObserver) {
        EventStorage storage = storage(responseObserver);
        if (storage == null) {
            return;
        }
        int maxResults = request.getMaxResults() > 0 ? request.getMaxResults() : Integer.MAX_VALUE;
        List<Event> snapshots = request.getMaxSequence() < 0 ? List.of()
                : storage.readSnapshots(request.getAggregateId(), request.getInitialSequence(),
                request.getMaxSequence(), maxResults);
        new ReadySender<>((ServerCallStreamObserver<Event>) responseObserver, snapshots.iterator()).start();
    }

    @Override
    public StreamObserver<GetEventsRequest> listEvents(StreamObserver<EventWithToken> responseObserver) {
        EventStorage storage = storage(responseObserver);
        if (storage == null) {
            return new DiscardingObserver<>();
        }
        return new EventStreamSender(storage, (ServerCallStreamObserver<EventWithToken>) responseObserver,
                streamExecutor);
    }

    @Override
    public void readHighestSequenceNr(ReadHighestSequenceNrRequest request,
                                      StreamObserver<ReadHighestSequenceNrResponse> responseObserver) {
        EventStorage storage = storage(responseObserver);
        if (storage != null) {
            responseObserver.onNext(ReadHighestSequenceNrResponse.newBuilder()
                    .setToSequenceNr(storage.highestSequence(request.getAggregateId()))
                    .build());
            responseObserver.onCompleted();
        }
    }

    @Override
    public StreamObserver<QueryEventsRequest> queryEvents(StreamObserver<QueryEventsResponse> responseObserver) {
        responseObserver.onError(ErrorCode.UNSUPPORTED_INSTRUCTION.exception("Querying events is not supported"));
        return new DiscardingObserver<>();
    }

    @Override
    public void getFirstToken(GetFirstTokenRequest request, StreamObserver<TrackingToken> responseObserver) {
        EventStorage storage = storage(responseObserver);
        if (storage != null) {
            token(responseObserver, storage.firstToken());
        }
    }

    @Override
    public void getLastToken(GetLastTokenRequest request, StreamObserver<TrackingToken> responseObserver) {
        EventStorage storage = storage(responseObserver);
        if (storage != null) {
            token(responseObserver, storage.lastToken());
        }
    }

    @Override
    public void getTokenAt(GetTokenAtRequest request, StreamObserver<TrackingToken> responseObserver) {
        EventStorage storage = storage(responseObserver);
        if (storage != null) {
            token(responseObserver, storage.tokenAt(request.getInstant()));
        }
    }

    private static void token(StreamObserver<TrackingToken> responseObserver, long token) {
        responseObserver.onNext(TrackingToken.newBuilder().setToken(token).build());
        responseObserver.onCompleted();
    }

    /** The storage of the call's context, or null after failing the call. */
    private EventStorage storage(StreamObserver<?> responseObserver) {
        try {
            return storages.forContext(CallContext.current());
        } catch (StatusRuntimeException e) {
            responseObserver.onError(e);
            return null;
        }
    }

    static StatusRuntimeException status(Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause instanceof StatusRuntimeException statusException) {
            return statusException;
        }
        if (cause instanceof UncheckedIOException) {
            log.warn("Reading the event store failed", cause);
            return ErrorCode.DATAFILE_READ_ERROR.exception(String.valueOf(cause.getMessage()));
        }
        log.warn("Event store request failed", cause);
        return ErrorCode.OTHER.exception(String.valueOf(cause.getMessage()));
    }

    @Override
    public void destroy() {
        streamExecutor.shutdownNow();
    }

    /** Accepts and ignores a client stream whose call has already failed. */
    private static final class DiscardingObserver<T> implements StreamObserver<T> {

        @Override
        public void onNext(T value) {
            // the call already failed; what the client still sends has no effect
        }

        @Override
        public void onError(Throwable t) {
            // nothing was started
        }

        @Override
        public void onCompleted() {
            // nothing was started
        }
    }
}
