package org.orderplatform.axonserver.query;

import io.axoniq.axonserver.grpc.query.QueryFlowControl;
import io.axoniq.axonserver.grpc.query.QueryProviderInbound;
import io.axoniq.axonserver.grpc.query.QueryReference;
import io.axoniq.axonserver.grpc.query.QueryRequest;
import io.axoniq.axonserver.grpc.query.QueryResponse;
import io.grpc.stub.ServerCallStreamObserver;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import java.util.function.Consumer;

/**
 * A dispatched query and the handlers it still waits for. Responses pass straight to the dispatcher; the query ends
 * when every handler completed, when the expected number of results arrived, when its timeout passes, or when the
 * dispatcher cancels, and then the handlers still busy with it are told to stop. A query that times out without any
 * response fails, so the dispatcher gets an error rather than an empty answer; one with responses just ends, as a
 * scatter-gather query that some handlers answered in time.
 */
final class QueryInProgress {

    private final QueryRequest request;
    private final ServerCallStreamObserver<QueryResponse> dispatcher;
    private final Set<QueryHandlerStream> pending = new HashSet<>();
    /** Results after which the query is done; -1 for all that come. */
    private final long expectedResults;
    /** The dispatcher pulls results one by one, so the handler may only send as many as it was granted. */
    private final boolean streaming;
    private final Consumer<QueryInProgress> onFinished;
    private final long startNanos = System.nanoTime();
    private long received;
    private long failures;
    private long permitsOwed;
    private boolean finished;
    private boolean timedOut;
    private ScheduledFuture<?> timeout;

    QueryInProgress(QueryRequest request, ServerCallStreamObserver<QueryResponse> dispatcher, Set<QueryHandlerStream> handlers,
                    long expectedResults, boolean streaming, Consumer<QueryInProgress> onFinished) {
        this.request = request;
        this.dispatcher = dispatcher;
        this.pending.addAll(handlers);
        this.expectedResults = expectedResults;
        this.streaming = streaming;
        this.onFinished = onFinished;
    }

    String id() {
        return request.getMessageIdentifier();
    }

    QueryRequest request() {
        return request;
    }

    long startNanos() {
        return startNanos;
    }

    synchronized boolean succeeded() {
        return failures == 0;
    }

    /** How the query ended, for the metrics. */
    synchronized String result() {
        if (timedOut) {
            return "timeout";
        }
        return succeeded() ? "success" : "error";
    }

    synchronized void timeoutAfter(ScheduledFuture<?> task) {
        timeout = task;
        if (finished) {
            stopTimeout();
        }
    }

    /** Lets a streaming handler send its first results. */
    synchronized void start(QueryHandlerStream handler, long initialPermits) {
        if (streaming && !finished) {
            handler.send(flowControl(initialPermits));
        }
    }

    synchronized void response(QueryHandlerStream from, QueryResponse response) {
        if (finished || !pending.contains(from)) {
            return;
        }
        received++;
        if (!response.getErrorCode().isEmpty()) {
            failures++;
        }
        write(response);
        if (streaming) {
            replenish(from);
        } else if (expectedResults > 0 && received >= expectedResults) {
            finish();
        }
    }

    synchronized void completed(QueryHandlerStream from) {
        if (pending.remove(from) && pending.isEmpty()) {
            finish();
        }
    }

    /** The handler will not complete the query: its connection ended, or it could not take the query. */
    synchronized void handlerLost(QueryHandlerStream handler, QueryResponse failure) {
        if (!finished && pending.remove(handler)) {
            if (received == 0 && pending.isEmpty()) {
                failures++;
                write(failure);
            }
            if (pending.isEmpty()) {
                finish();
            }
        }
    }

    /** The dispatcher's transport can take more, so the streaming handler may send the results it was held back on. */
    synchronized void dispatcherReady() {
        if (!finished && permitsOwed > 0 && dispatcher.isReady()) {
            pending.forEach(handler -> handler.send(flowControl(permitsOwed)));
            permitsOwed = 0;
        }
    }

    synchronized void cancelled() {
        if (!finished) {
            finished = true;
            stopTimeout();
            stopPending();
            onFinished.accept(this);
        }
    }

    synchronized void timedOut(QueryResponse failure) {
        if (!finished) {
            timedOut = true;
            if (received == 0) {
                failures++;
                write(failure);
            }
            finish();
        }
    }

    private void replenish(QueryHandlerStream from) {
        if (dispatcher.isReady()) {
            from.send(flowControl(1));
        } else {
            permitsOwed++;
        }
    }

    private void finish() {
        finished = true;
        stopTimeout();
        stopPending();
        try {
            dispatcher.onCompleted();
        } catch (RuntimeException cancelled) {
            // The dispatcher went away meanwhile; its cancel handler found the query finished.
        }
        onFinished.accept(this);
    }

    /** A finished query must not wait in the timer queue until its time. */
    private void stopTimeout() {
        if (timeout != null) {
            timeout.cancel(false);
        }
    }

    private void stopPending() {
        QueryProviderInbound cancel = QueryProviderInbound.newBuilder()
                .setQueryCancel(QueryReference.newBuilder().setRequestId(id()))
                .build();
        pending.forEach(handler -> handler.send(cancel));
        pending.clear();
    }

    private void write(QueryResponse response) {
        try {
            dispatcher.onNext(response);
        } catch (RuntimeException cancelled) {
            // The dispatcher went away; its cancel handler ends the query.
        }
    }

    private QueryProviderInbound flowControl(long permits) {
        return QueryProviderInbound.newBuilder()
                .setQueryFlowControl(QueryFlowControl.newBuilder()
                        .setQueryReference(QueryReference.newBuilder().setRequestId(id()))
                        .setPermits(permits))
                .build();
    }
}
