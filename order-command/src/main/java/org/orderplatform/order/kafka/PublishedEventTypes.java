package org.orderplatform.order.kafka;

import org.orderplatform.api.catalog.StockReleasedEvent;
import org.orderplatform.api.catalog.StockReservationFailedEvent;
import org.orderplatform.api.catalog.StockReservedEvent;
import org.orderplatform.api.order.OrderCancelledEvent;
import org.orderplatform.api.order.OrderConfirmedEvent;
import org.orderplatform.api.order.OrderId;
import org.orderplatform.api.order.OrderPlacedEvent;
import org.orderplatform.api.order.OrderRejectedEvent;
import org.orderplatform.api.payment.PaymentCompletedEvent;
import org.orderplatform.api.payment.PaymentExpiredEvent;
import org.orderplatform.api.payment.PaymentFailedEvent;
import org.orderplatform.api.payment.PaymentRefundedEvent;

import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** The events the bridge publishes, the context (and so the topic) each belongs to, and the order each is about. */
final class PublishedEventTypes {

    enum Context {
        ORDERS,
        PAYMENTS,
        STOCK
    }

    private record Published(Context context, Function<Object, OrderId> orderId) {
    }

    private static final Map<Class<?>, Published> TYPES = Map.ofEntries(
            published(OrderPlacedEvent.class, Context.ORDERS, OrderPlacedEvent::orderId),
            published(OrderConfirmedEvent.class, Context.ORDERS, OrderConfirmedEvent::orderId),
            published(OrderRejectedEvent.class, Context.ORDERS, OrderRejectedEvent::orderId),
            published(OrderCancelledEvent.class, Context.ORDERS, OrderCancelledEvent::orderId),
            published(PaymentCompletedEvent.class, Context.PAYMENTS, PaymentCompletedEvent::orderId),
            published(PaymentFailedEvent.class, Context.PAYMENTS, PaymentFailedEvent::orderId),
            published(PaymentExpiredEvent.class, Context.PAYMENTS, PaymentExpiredEvent::orderId),
            published(PaymentRefundedEvent.class, Context.PAYMENTS, PaymentRefundedEvent::orderId),
            published(StockReservedEvent.class, Context.STOCK, StockReservedEvent::orderId),
            published(StockReservationFailedEvent.class, Context.STOCK, StockReservationFailedEvent::orderId),
            published(StockReleasedEvent.class, Context.STOCK, StockReleasedEvent::orderId));

    private PublishedEventTypes() {
    }

    private static <E> Map.Entry<Class<?>, Published> published(Class<E> type, Context context, Function<E, OrderId> orderId) {
        return Map.entry(type, new Published(context, payload -> orderId.apply(type.cast(payload))));
    }

    /** Empty for events that stay inside the platform. */
    static Optional<Context> contextOf(Class<?> payloadType) {
        return Optional.ofNullable(TYPES.get(payloadType)).map(Published::context);
    }

    static Optional<OrderId> orderIdOf(Object payload) {
        return Optional.ofNullable(TYPES.get(payload.getClass())).map(published -> published.orderId().apply(payload));
    }
}
