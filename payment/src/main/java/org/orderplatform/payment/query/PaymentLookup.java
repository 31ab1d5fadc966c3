package org.orderplatform.payment.query;

import org.axonframework.queryhandling.QueryGateway;
import org.orderplatform.api.order.CustomerId;
import org.orderplatform.api.order.FindOrderQuery;
import org.orderplatform.api.order.OrderId;
import org.orderplatform.api.order.OrderView;
import org.orderplatform.api.payment.FindPaymentQuery;
import org.orderplatform.api.payment.PaymentView;
import org.orderplatform.support.security.Caller;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Finds an order's payment for a caller. A payment does not know its customer, order-query does: a customer's
 * request asks it whose order it is first and gets the payment only of their own; operators and services get any
 * payment without asking.
 */
@Component
public class PaymentLookup {

    private final QueryGateway queries;
    private final Duration orderQueryTimeout;
    private final Duration retryAfter;

    PaymentLookup(QueryGateway queries,
                  @Value("${payment.order-query.timeout}") Duration orderQueryTimeout,
                  @Value("${payment.order-query.retry-after}") Duration retryAfter) {
        this.queries = queries;
        this.orderQueryTimeout = orderQueryTimeout;
        this.retryAfter = retryAfter;
    }

    /**
     * The payment, or none when there is none or order-query does not know the order (yet). Fails with a
     * {@link org.orderplatform.support.security.ForbiddenException} for another customer's order and with an
     * {@link OrderQueryUnavailableException} while order-query cannot answer.
     */
    public CompletableFuture<Optional<PaymentView>> find(OrderId orderId, Caller caller) {
        if (!caller.customerOnly()) {
            return payment(orderId);
        }
        return customerOf(orderId).thenCompose(customer -> {
            if (customer.isEmpty()) {
                return CompletableFuture.completedFuture(Optional.empty());
            }
            caller.requireActingFor(customer.get().value(), "the payment of order " + orderId);
            return payment(orderId);
        });
    }

    private CompletableFuture<Optional<PaymentView>> payment(OrderId orderId) {
        return queries.query(new FindPaymentQuery(orderId), PaymentView.class).thenApply(Optional::ofNullable);
    }

    private CompletableFuture<Optional<CustomerId>> customerOf(OrderId orderId) {
        return queries.query(new FindOrderQuery(orderId), OrderView.class)
                .orTimeout(orderQueryTimeout.toMillis(), TimeUnit.MILLISECONDS)
                .handle((order, failure) -> {
                    if (failure != null) {
                        throw new OrderQueryUnavailableException(orderId, orderQueryTimeout, retryAfter, failure);
                    }
                    return Optional.ofNullable(order).map(OrderView::customerId);
                });
    }
}
