package org.orderplatform.axonserver.eventstore;

import io.axoniq.axonserver.grpc.event.Event;
import io.axoniq.axonserver.grpc.event.EventWithToken;
import io.axoniq.axonserver.grpc.event.GetEventsRequest;
import io.axoniq.axonserver.grpc.event.PayloadDescription;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import org.orderplatform.axonserver.grpc.ErrorCode;
import org.orderplatform.axonserver.store.EventStorage;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One {@code ListEvents} call: sends the events from the requested token on, never more than the client granted
 * permits for, then keeps sending new events as they are committed.
 * <p>
 * All sending happens in {@link #drain()}, which at most one thread runs at a time (a work-in-progress counter):
 * new permits, new events, transport readiness and the end of the call only signal it.
 */
final class EventStreamSender implements StreamObserver<GetEventsRequest> {

    /** Like AxonIQ's server: after this many skipped events one is sent anyway, so the client's token moves on. */
    private static final int SEND_BLOCKED_AFTER = 1000;
    /** Events sent in one go before yielding the thread to other streams. */
    private static final int EVENTS_PER_RUN = 1000;

    private final EventStorage storage;
    private final ServerCallStreamObserver<EventWithToken> responseObserver;
    private final Executor executor;
    private final AtomicLong permits = new AtomicLong();
    private final AtomicInteger signals = new AtomicInteger();
    private final Set<PayloadDescription> blocked = ConcurrentHashMap.newKeySet();
    private boolean firstRequest = true;
    private volatile long startToken = -1;
    private volatile boolean ended;
    private volatile boolean cancelled;
    private volatile RuntimeException failure;
    private EventStorage.EventCursor cursor;
    private AutoCloseable appendListener;
    private boolean finished;
    private int skipped;

    EventStreamSender(EventStorage storage, ServerCallStreamObserver<EventWithToken> responseObserver,
                      Executor executor) {
        this.storage = storage;
        this.responseObserver = responseObserver;
        this.executor = executor;
        responseObserver.setOnReadyHandler(this::signal);
        responseObserver.setOnCancelHandler(() -> {
            cancelled = true;
            signal();
        });
    }

    @Override
    public void onNext(GetEventsRequest request) {
        if (firstRequest) {
            firstRequest = false;
            if (request.getNumberOfPermits() <= 0) {
                failure = ErrorCode.VALIDATION_FAILED.exception(
                        "Number of permits must be positive, was " + request.getNumberOfPermits());
                signal();
                return;
            }
            startToken = Math.max(0, request.getTrackingToken());
        }
        blocked.addAll(request.getBlacklistList());
        if (request.getNumberOfPermits() > 0) {
            permits.addAndGet(request.getNumberOfPermits());
        }
        signal();
    }

    @Override
    public void onError(Throwable t) {
        ended = true;
        signal();
    }

    @Override
    public void onCompleted() {
        ended = true;
        signal();
    }

    private void signal() {
        if (signals.getAndIncrement() == 0) {
            executor.execute(this::drain);
        }
    }

    private void drain() {
        int missed = signals.get();
        while (true) {
            if (send()) {
                executor.execute(this::drain);
                return;
            }
            missed = signals.addAndGet(-missed);
            if (missed == 0) {
                return;
            }
        }
    }

    /** Sends what it may; true when it stopped only to give other streams a turn. */
    private boolean send() {
        if (finished) {
            return false;
        }
        if (failure != null || ended || cancelled) {
            finish();
            return false;
        }
        if (startToken < 0) {
            return false;
        }
        if (cursor == null) {
            cursor = storage.openCursor(startToken);
            appendListener = storage.onAppend(this::signal);
        }
        EventStorage.EventCursor reader = cursor;
        try {
            int sent = 0;
            while (permits.get() > 0 && responseObserver.isReady()) {
                if (sent >= EVENTS_PER_RUN) {
                    return true;
                }
                if (!reader.next()) {
                    return false;
                }
                Event event = reader.event();
                if (blocked.isEmpty() || !isBlocked(event)) {
                    responseObserver.onNext(EventWithToken.newBuilder().setToken(reader.token()).setEvent(event).build());
                    permits.decrementAndGet();
                    skipped = 0;
                    sent++;
                }
            }
        } catch (RuntimeException e) {
            failure = EventStoreService.status(e);
            finish();
        }
        return false;
    }

    private boolean isBlocked(Event event) {
        if (skipped >= SEND_BLOCKED_AFTER - 1) {
            return false;
        }
        boolean isBlocked = blocked.contains(PayloadDescription.newBuilder()
                .setType(event.getPayload().getType())
                .setRevision(event.getPayload().getRevision())
                .build());
        if (isBlocked) {
            skipped++;
        }
        return isBlocked;
    }

    private void finish() {
        finished = true;
        AutoCloseable listener = appendListener;
        if (listener != null) {
            try {
                listener.close();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        if (cancelled) {
            return;
        }
        if (failure != null) {
            responseObserver.onError(failure);
        } else {
            responseObserver.onCompleted();
        }
    }
}
