package org.orderplatform.api.payment;

import org.orderplatform.api.common.Money;
import org.orderplatform.api.common.Require;
import org.orderplatform.api.order.OrderId;

/** A completed charge was paid back in full. */
public record PaymentRefundedEvent(PaymentId paymentId, OrderId orderId, Money amount) {

    public PaymentRefundedEvent {
        Require.present(paymentId, "paymentId");
        Require.present(orderId, "orderId");
        Require.present(amount, "amount");
    }
}
