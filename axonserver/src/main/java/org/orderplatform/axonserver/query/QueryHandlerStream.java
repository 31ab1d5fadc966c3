package org.orderplatform.axonserver.query;

import io.axoniq.axonserver.grpc.InstructionAck;
import io.axoniq.axonserver.grpc.query.QueryProviderInbound;
import io.axoniq.axonserver.grpc.query.QueryProviderOutbound;
import io.grpc.stub.StreamObserver;
import org.orderplatform.axonserver.platform.ClientKey;
import org.orderplatform.axonserver.platform.OutboundStream;

/**
 * One query handler connection: the client subscribes queries, grants permits, and answers queries and subscription
 * queries on it. Everything sent to it beyond the granted permits waits here, in order.
 */
final class QueryHandlerStream implements StreamObserver<QueryProviderOutbound> {

    private final String context;
    private final OutboundStream<QueryProviderInbound> outbound;
    private final QueryRouter router;
    private volatile String clientId = "";
    private volatile String componentName = "";
    private boolean closed;

    QueryHandlerStream(String context, OutboundStream<QueryProviderInbound> outbound, QueryRouter router) {
        this.context = context;
        this.outbound = outbound;
        this.router = router;
    }

    String context() {
        return context;
    }

    String clientId() {
        return clientId;
    }

    String componentName() {
        return componentName;
    }

    ClientKey client() {
        return new ClientKey(context, clientId);
    }

    /**
     * Sends a message to the handler, or refuses when the connection already ended.
     *
     * @return whether the message was taken
     */
    synchronized boolean send(QueryProviderInbound message) {
        if (closed) {
            return false;
        }
        outbound.send(message);
        return true;
    }

    @Override
    public void onNext(QueryProviderOutbound message) {
        switch (message.getRequestCase()) {
            case SUBSCRIBE -> {
                clientId = message.getSubscribe().getClientId();
                componentName = message.getSubscribe().getComponentName();
                router.subscribe(this, message.getSubscribe());
            }
            case UNSUBSCRIBE -> router.unsubscribe(this, message.getUnsubscribe());
            case FLOW_CONTROL -> outbound.grant(message.getFlowControl().getPermits());
            case QUERY_RESPONSE -> router.response(this, message.getQueryResponse());
            case QUERY_COMPLETE -> router.completed(this, message.getQueryComplete().getRequestId());
            case SUBSCRIPTION_QUERY_RESPONSE -> router.subscriptionResponse(this, message.getSubscriptionQueryResponse());
            default -> {
                // Acknowledgements need no action: the server sends no instructions that expect one.
            }
        }
        if (!message.getInstructionId().isEmpty()) {
            // The client only considers its subscriptions active once they are acknowledged.
            outbound.sendWithoutPermit(QueryProviderInbound.newBuilder()
                    .setAck(InstructionAck.newBuilder().setInstructionId(message.getInstructionId()).setSuccess(true))
                    .build());
        }
    }

    @Override
    public void onError(Throwable t) {
        closed(false);
    }

    @Override
    public void onCompleted() {
        closed(true);
    }

    private void closed(boolean completedByClient) {
        synchronized (this) {
            closed = true;
            if (completedByClient) {
                outbound.complete();
            } else {
                outbound.abandon();
            }
        }
        router.remove(this);
    }
}
