package org.orderplatform.axonserver.platform;

import io.grpc.stub.StreamObserver;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Predicate;

/**
 * The server's side of a long-lived stream towards a client. gRPC observers are not thread-safe, so every write goes
 * through here. Messages that need a permit wait in order until the client grants one (Axon's flow control); messages
 * that need none (acknowledgements, completions) still wait behind them, so the client sees everything in order. New
 * work beyond the stream's limit of messages waiting for permits is refused rather than queued, so a client that stops
 * granting permits cannot grow the server's memory. Messages to a stream that ended are dropped.
 *
 * @param <T> the type of messages sent to the client
 */
public final class OutboundStream<T> {

    private final StreamObserver<T> observer;
    private final WaitingMessages limit;
    private final Deque<Pending<T>> waiting = new ArrayDeque<>();
    private int waitingForPermits;
    private long permits;
    private boolean closed;

    /** A stream whose messages need no permits, such as the control stream. */
    public OutboundStream(StreamObserver<T> observer) {
        this(observer, WaitingMessages.NONE);
    }

    public OutboundStream(StreamObserver<T> observer, WaitingMessages limit) {
        this.observer = observer;
        this.limit = limit;
    }

    /**
     * Sends new work that uses up one permit, or queues it until the client grants one.
     *
     * @return {@code false} when the stream's limit of messages already waits for permits: the message was not taken
     */
    public synchronized boolean offer(T message) {
        if (!closed && waitingForPermits >= limit.perStream()) {
            return false;
        }
        enqueue(message, true);
        return true;
    }

    /**
     * Sends a message that uses up one permit, or queues it until the client grants one, whatever waits already: for
     * messages about work the client took, such as a cancellation, which must not be lost.
     */
    public synchronized void send(T message) {
        enqueue(message, true);
    }

    /** Sends a message that needs no permit, after any message still waiting for one. */
    public synchronized void sendWithoutPermit(T message) {
        enqueue(message, false);
    }

    /** Adds permits granted by the client and sends what they allow. */
    public synchronized void grant(long granted) {
        if (granted <= 0) {
            return;
        }
        permits = permits > Long.MAX_VALUE - granted ? Long.MAX_VALUE : permits + granted;
        drain();
    }

    /** How many messages wait for the client's permits now. */
    public synchronized int waitingForPermits() {
        return waitingForPermits;
    }

    /**
     * Ends the stream normally, unless it already ended.
     *
     * @return the permit-bound messages that were still waiting and so never reached the client
     */
    public synchronized List<T> complete() {
        List<T> unsent = unsent();
        if (!closed) {
            closed = true;
            try {
                observer.onCompleted();
            } catch (RuntimeException alreadyClosed) {
                // The client cancelled first; there is nobody left to tell.
            }
        }
        return unsent;
    }

    /**
     * Ends the stream with an error from the server's side, unless it already ended.
     *
     * @return the permit-bound messages that were still waiting and so never reached the client
     */
    public synchronized List<T> fail(Throwable reason) {
        List<T> unsent = unsent();
        if (!closed) {
            closed = true;
            try {
                observer.onError(reason);
            } catch (RuntimeException alreadyClosed) {
                // The client cancelled first; there is nobody left to tell.
            }
        }
        return unsent;
    }

    /**
     * Takes back the waiting permit-bound messages that match, e.g. a command that timed out before the client could
     * take it, so they are never sent.
     */
    public synchronized void withdraw(Predicate<T> matching) {
        int before = waiting.size();
        waiting.removeIf(pending -> pending.needsPermit() && matching.test(pending.message()));
        leftWaiting(before - waiting.size());
    }

    /**
     * Marks the stream as ended by the client (error or cancel), so nothing more is written to it.
     *
     * @return the permit-bound messages that were still waiting and so never reached the client
     */
    public synchronized List<T> abandon() {
        closed = true;
        return unsent();
    }

    private List<T> unsent() {
        List<T> unsent = new ArrayList<>();
        for (Pending<T> pending : waiting) {
            if (pending.needsPermit()) {
                unsent.add(pending.message());
            }
        }
        waiting.clear();
        leftWaiting(unsent.size());
        return unsent;
    }

    private void enqueue(T message, boolean needsPermit) {
        if (closed) {
            return;
        }
        waiting.addLast(new Pending<>(message, needsPermit));
        if (needsPermit) {
            waitingForPermits++;
            limit.changedBy(1);
        }
        drain();
    }

    private void drain() {
        while (!closed && !waiting.isEmpty()) {
            Pending<T> next = waiting.peekFirst();
            if (next.needsPermit()) {
                if (permits == 0) {
                    return;
                }
                permits--;
                leftWaiting(1);
            }
            waiting.removeFirst();
            write(next.message());
        }
    }

    private void leftWaiting(int count) {
        waitingForPermits -= count;
        limit.changedBy(-count);
    }

    private void write(T message) {
        try {
            observer.onNext(message);
        } catch (RuntimeException cancelled) {
            // The call was cancelled by the client while we wrote; its close handler cleans up.
            closed = true;
        }
    }

    private record Pending<T>(T message, boolean needsPermit) {
    }
}
