package org.orderplatform.axonserver.query;

import io.axoniq.axonserver.grpc.InstructionAck;
import io.axoniq.axonserver.grpc.query.QueryProviderInbound;
import io.axoniq.axonserver.grpc.query.QueryProviderOutbound;
import org.orderplatform.axonserver.platform.ClientRegistry;
import org.orderplatform.axonserver.platform.HandlerStream;
import org.orderplatform.axonserver.platform.OutboundStream;

/**
 * One query handler connection: the client subscribes queries, grants permits, and answers queries and subscription
 * queries on it. Everything sent to it beyond the granted permits waits here, in order; new queries only up to the
 * connection's limit, while what concerns queries and subscriptions it already took is never refused for room.
 */
final class QueryHandlerStream extends HandlerStream<QueryProviderInbound, QueryProviderOutbound> {

    private final QueryRouter router;

    QueryHandlerStream(String context, OutboundStream<QueryProviderInbound> outbound, QueryRouter router,
                       ClientRegistry registry) {
        super(context, outbound, registry);
        this.router = router;
    }

    /** Offers a query or a request for an initial result, unless the connection ended or too many wait for permits. */
    Delivery deliver(QueryProviderInbound message) {
        return offer(message);
    }

    /**
     * Sends a cancellation, permits for results, or a subscription to watch or stop watching: refused only when the
     * connection already ended.
     *
     * @return whether the message was taken
     */
    boolean send(QueryProviderInbound message) {
        return sendControl(message);
    }

    @Override
    public void onNext(QueryProviderOutbound message) {
        switch (message.getRequestCase()) {
            case SUBSCRIBE -> {
                identified(message.getSubscribe().getClientId(), message.getSubscribe().getComponentName());
                router.subscribe(this, message.getSubscribe());
            }
            case UNSUBSCRIBE -> router.unsubscribe(this, message.getUnsubscribe());
            case FLOW_CONTROL -> grant(message.getFlowControl().getPermits());
            case QUERY_RESPONSE -> router.response(this, message.getQueryResponse());
            case QUERY_COMPLETE -> router.completed(this, message.getQueryComplete().getRequestId());
            case SUBSCRIPTION_QUERY_RESPONSE -> router.subscriptionResponse(this, message.getSubscriptionQueryResponse());
            default -> {
                // Acknowledgements need no action: the server sends no instructions that expect one.
            }
        }
        acknowledge(message.getInstructionId());
    }

    @Override
    protected QueryProviderInbound ack(InstructionAck ack) {
        return QueryProviderInbound.newBuilder().setAck(ack).build();
    }

    @Override
    protected void ended(End end) {
        close(end);
        router.remove(this);
    }
}
