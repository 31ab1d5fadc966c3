package org.orderplatform.axonserver.query;

import io.axoniq.axonserver.grpc.query.QueryProviderInbound;
import io.axoniq.axonserver.grpc.query.QueryProviderOutbound;
import io.axoniq.axonserver.grpc.query.QueryRequest;
import io.axoniq.axonserver.grpc.query.QueryResponse;
import io.axoniq.axonserver.grpc.query.QueryServiceGrpc;
import io.axoniq.axonserver.grpc.query.SubscriptionQueryRequest;
import io.axoniq.axonserver.grpc.query.SubscriptionQueryResponse;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.micrometer.core.instrument.MeterRegistry;
import org.orderplatform.axonserver.grpc.CallContext;
import org.orderplatform.axonserver.platform.ClientRegistry;
import org.orderplatform.axonserver.platform.OutboundStream;
import org.orderplatform.axonserver.platform.QueueCapacity;
import org.orderplatform.axonserver.platform.WaitingMessages;
import org.springframework.stereotype.Component;

/** The query side of the Axon Server API: handler connections, queries and subscription queries. */
@Component
class QueryService extends QueryServiceGrpc.QueryServiceImplBase {

    private final QueryRouter router;
    private final ClientRegistry registry;
    private final WaitingMessages waitingQueries;
    private final WaitingMessages waitingUpdates;

    QueryService(QueryRouter router, ClientRegistry registry, QueueCapacity capacity, MeterRegistry meters) {
        this.router = router;
        this.registry = registry;
        this.waitingQueries = WaitingMessages.of("queries", capacity.queries(), meters);
        this.waitingUpdates = WaitingMessages.of("updates", capacity.updates(), meters);
    }

    @Override
    public StreamObserver<QueryProviderOutbound> openStream(StreamObserver<QueryProviderInbound> responseObserver) {
        return new QueryHandlerStream(CallContext.current(), new OutboundStream<>(responseObserver, waitingQueries),
                router, registry);
    }

    @Override
    public void query(QueryRequest request, StreamObserver<QueryResponse> responseObserver) {
        router.dispatch(CallContext.current(), request, (ServerCallStreamObserver<QueryResponse>) responseObserver);
    }

    @Override
    public StreamObserver<SubscriptionQueryRequest> subscription(
            StreamObserver<SubscriptionQueryResponse> responseObserver) {
        return new SubscriptionQueryStream(CallContext.current(),
                new OutboundStream<>(responseObserver, waitingUpdates), router);
    }
}
