package org.orderplatform.payment;

import org.axonframework.common.Registration;
import org.axonframework.queryhandling.QueryBus;
import org.axonframework.queryhandling.QueryGateway;
import org.axonframework.queryhandling.QueryHandler;
import org.axonframework.queryhandling.annotation.AnnotationQueryHandlerAdapter;
import org.orderplatform.api.order.CustomerId;
import org.orderplatform.api.order.FindOrderQuery;
import org.orderplatform.api.order.OrderId;
import org.orderplatform.api.order.OrderStatus;
import org.orderplatform.api.order.OrderView;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import static org.awaitility.Awaitility.await;

/**
 * Answers {@link FindOrderQuery} through Axon Server the way order-query does: with the view of an order placed
 * before, and with none for an order it does not know. It can stop answering, as order-query does when it is down.
 */
final class KnownOrders {

    private static final OrderId PROBE = new OrderId("known-orders-probe");

    private final Map<OrderId, OrderView> orders = new ConcurrentHashMap<>();
    private Registration answering;

    KnownOrders() {
        placed(PROBE, "nobody");
    }

    void placed(OrderId orderId, String customerId) {
        Instant placedAt = Instant.now();
        orders.put(orderId, new OrderView(orderId, new CustomerId(customerId), OrderStatus.PENDING, null, List.of(),
                new BigDecimal("42.00"), "EUR", placedAt, placedAt, List.of()));
    }

    @QueryHandler
    Optional<OrderView> handle(FindOrderQuery query) {
        return Optional.ofNullable(orders.get(query.orderId()));
    }

    /** Subscribes at Axon Server, unless subscribed already, and returns once queries reach this handler. */
    synchronized void answer(QueryBus bus, QueryGateway queries) {
        if (answering == null) {
            answering = new AnnotationQueryHandlerAdapter<>(this).subscribe(bus);
            await().atMost(Duration.ofSeconds(10)).ignoreExceptions()
                    .until(() -> queries.query(new FindOrderQuery(PROBE), OrderView.class).join() != null);
        }
    }

    synchronized void stopAnswering() {
        answering.cancel();
        answering = null;
    }
}
