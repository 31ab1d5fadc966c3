package org.orderplatform.api;

import org.orderplatform.api.catalog.ProductId;
import org.orderplatform.api.catalog.StockLine;
import org.orderplatform.api.catalog.StockReleasedEvent;
import org.orderplatform.api.catalog.StockReservationFailedEvent;
import org.orderplatform.api.catalog.StockReservedEvent;
import org.orderplatform.api.catalog.StockShortage;
import org.orderplatform.api.common.Money;
import org.orderplatform.api.order.CancellationReason;
import org.orderplatform.api.order.CustomerId;
import org.orderplatform.api.order.OrderCancelledEvent;
import org.orderplatform.api.order.OrderConfirmedEvent;
import org.orderplatform.api.order.OrderId;
import org.orderplatform.api.order.OrderIntervention;
import org.orderplatform.api.order.OrderInterventionRecordedEvent;
import org.orderplatform.api.order.OrderLine;
import org.orderplatform.api.order.OrderPlacedEvent;
import org.orderplatform.api.order.OrderRejectedEvent;
import org.orderplatform.api.order.RejectionReason;
import org.orderplatform.api.payment.PaymentCompletedEvent;
import org.orderplatform.api.payment.PaymentExpiredEvent;
import org.orderplatform.api.payment.PaymentFailedEvent;
import org.orderplatform.api.payment.PaymentId;
import org.orderplatform.api.payment.PaymentRefundedEvent;

import java.util.List;

/** One fully populated instance of every event, the subject of the JSON contract tests. */
final class EventSamples {

    static final OrderId ORDER = new OrderId("order-1");
    static final PaymentId PAYMENT = PaymentId.forOrder(ORDER);
    static final ProductId MUG = new ProductId("product-mug");
    static final ProductId TEA = new ProductId("product-tea");
    static final Money TOTAL = Money.of("69.70", "EUR");

    private EventSamples() {
    }

    static List<Object> all() {
        return List.of(
                new OrderPlacedEvent(ORDER, new CustomerId("customer-7"), "ada@example.com",
                        List.of(new OrderLine(MUG, 2, Money.of("29.90", "EUR")), new OrderLine(TEA, 1, Money.of("9.90", "EUR"))),
                        TOTAL, "tok_visa"),
                new OrderConfirmedEvent(ORDER),
                new OrderRejectedEvent(ORDER, RejectionReason.OUT_OF_STOCK),
                new OrderCancelledEvent(ORDER, CancellationReason.PAYMENT_TIMEOUT),
                new OrderInterventionRecordedEvent(ORDER, OrderIntervention.COMPENSATE, "olivia"),
                new PaymentCompletedEvent(PAYMENT, ORDER, TOTAL, "charge-42"),
                new PaymentFailedEvent(PAYMENT, ORDER, TOTAL, "card declined"),
                new PaymentExpiredEvent(PAYMENT, ORDER, TOTAL),
                new PaymentRefundedEvent(PAYMENT, ORDER, TOTAL),
                new StockReservedEvent(ORDER, List.of(new StockLine(MUG, 2), new StockLine(TEA, 1))),
                new StockReservationFailedEvent(ORDER, List.of(new StockShortage(MUG, 2, 1))),
                new StockReleasedEvent(ORDER, List.of(new StockLine(MUG, 2), new StockLine(TEA, 1))));
    }
}
