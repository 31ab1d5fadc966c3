package org.orderplatform.axonserver.query;

import io.axoniq.axonserver.grpc.query.SubscriptionQueryRequest;
import io.axoniq.axonserver.grpc.query.SubscriptionQueryResponse;
import io.grpc.stub.StreamObserver;
import org.orderplatform.axonserver.grpc.ErrorCode;
import org.orderplatform.axonserver.platform.OutboundStream;

/**
 * A dispatcher's subscription query stream: it opens subscriptions, asks for initial results, grants permits for
 * updates and unsubscribes. Updates beyond the granted permits wait here, up to the stream's limit; initial results
 * and completions need none but keep their place behind waiting updates.
 */
final class SubscriptionQueryStream implements StreamObserver<SubscriptionQueryRequest> {

    private final String context;
    private final OutboundStream<SubscriptionQueryResponse> outbound;
    private final QueryRouter router;

    SubscriptionQueryStream(String context, OutboundStream<SubscriptionQueryResponse> outbound, QueryRouter router) {
        this.context = context;
        this.outbound = outbound;
        this.router = router;
    }

    String context() {
        return context;
    }

    void send(SubscriptionQueryResponse response) {
        if (!response.hasUpdate()) {
            outbound.sendWithoutPermit(response);
        } else if (!outbound.offer(response)) {
            overflowed();
        }
    }

    @Override
    public void onNext(SubscriptionQueryRequest request) {
        switch (request.getRequestCase()) {
            case SUBSCRIBE -> {
                outbound.grant(request.getSubscribe().getNumberOfPermits());
                router.openSubscription(this, request.getSubscribe());
            }
            case GET_INITIAL_RESULT -> router.initialResult(this, request.getGetInitialResult());
            case FLOW_CONTROL -> outbound.grant(request.getFlowControl().getNumberOfPermits());
            case UNSUBSCRIBE -> router.closeSubscription(request.getUnsubscribe().getSubscriptionIdentifier());
            default -> {
                // Nothing else is defined for this stream.
            }
        }
    }

    /**
     * AxonIQ's server ends a subscription query stream with an error, and cancels its subscription, at the first
     * update the client has no permit for, so the client subscribes anew; this one does the same once the stream's
     * limit of updates waits, dropping them, so a subscriber that stopped reading cannot grow the server's memory.
     */
    private void overflowed() {
        outbound.fail(ErrorCode.QUERY_DISPATCH_ERROR.exception(
                "Too many subscription query updates waiting for permits; subscribe again"));
        router.closeSubscriptions(this);
    }

    @Override
    public void onError(Throwable t) {
        outbound.abandon();
        router.closeSubscriptions(this);
    }

    @Override
    public void onCompleted() {
        router.closeSubscriptions(this);
        outbound.complete();
    }
}
