package org.orderplatform.order.query.updates;

import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.axonframework.queryhandling.SubscriptionQueryResult;
import org.orderplatform.api.order.FindOrderQuery;
import org.orderplatform.api.order.OrderId;
import org.orderplatform.api.order.OrderView;
import org.orderplatform.support.security.Caller;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * An order's views as they change, from an Axon subscription query: the current view first, then every update, ending
 * after a final status. An order not projected yet (just placed) is waited for a short while before it counts as
 * unknown. A customer follows only their own orders. Cancelling the stream closes the subscription query.
 */
@Component
public class OrderUpdates {

    private final QueryGateway queries;
    private final Duration awaitUnknown;

    OrderUpdates(QueryGateway queries, @Value("${order-query.updates.await-unknown:5s}") Duration awaitUnknown) {
        this.queries = queries;
        this.awaitUnknown = awaitUnknown;
    }

    /**
     * Completes with the stream once the order's first view is there, or empty if it does not appear in time; fails
     * with {@link org.orderplatform.support.security.ForbiddenException} before anything is streamed when the order
     * is not the caller's to follow.
     */
    public CompletableFuture<Optional<Flux<OrderView>>> follow(OrderId orderId, Caller caller) {
        SubscriptionQueryResult<OrderView, OrderView> subscription = queries.subscriptionQuery(
                new FindOrderQuery(orderId), ResponseTypes.instanceOf(OrderView.class),
                ResponseTypes.instanceOf(OrderView.class));
        // One subscription feeds both the wait for the first view and the stream; late subscribers see the latest view.
        Sinks.Many<OrderView> views = Sinks.many().replay().latest();
        // The initial result and the first update may carry the same view (the order projected while the query ran):
        // a view equal to the last one says nothing new.
        Disposable feed = subscription.initialResult().concatWith(subscription.updates())
                .distinctUntilChanged()
                .takeUntil(view -> view.status().isFinal())
                .subscribe(views::tryEmitNext, views::tryEmitError, views::tryEmitComplete);
        Runnable close = () -> {
            feed.dispose();
            subscription.close();
        };
        Flux<OrderView> stream = views.asFlux()
                .takeUntil(view -> view.status().isFinal())
                .doFinally(signal -> close.run());
        return views.asFlux().next()
                .timeout(awaitUnknown, Mono.empty())
                .toFuture()
                .thenApply(first -> {
                    if (first == null) {
                        return Optional.<Flux<OrderView>>empty();
                    }
                    caller.requireActingFor(first.customerId().value(), "order " + orderId);
                    return Optional.of(stream);
                })
                // Only a stream handed out closes itself when it ends; any other outcome closes the subscription here.
                .whenComplete((following, error) -> {
                    if (error != null || following.isEmpty()) {
                        close.run();
                    }
                });
    }
}
