package org.orderplatform.axonserver.query;

import io.axoniq.axonserver.grpc.query.SubscriptionQueryRequest;
import io.axoniq.axonserver.grpc.query.SubscriptionQueryResponse;
import io.grpc.stub.StreamObserver;
import org.orderplatform.axonserver.platform.OutboundStream;

/**
 * A dispatcher's subscription query stream: it opens subscriptions, asks for initial results, grants permits for
 * updates and unsubscribes. Updates beyond the granted permits wait here; initial results and completions need none
 * but keep their place behind waiting updates.
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
        if (response.hasUpdate()) {
            outbound.send(response);
        } else {
            outbound.sendWithoutPermit(response);
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
