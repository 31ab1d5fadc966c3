package org.orderplatform.api.payment;

import org.orderplatform.api.common.Money;
import org.orderplatform.api.common.Require;
import org.orderplatform.api.order.OrderId;

/** The provider refused the charge for good; nothing was charged. */
public record PaymentFailedEvent(PaymentId paymentId, OrderId orderId, Money amount, String reason) {

    public PaymentFailedEvent {
        Require.present(paymentId, "paymentId");
        Require.present(orderId, "orderId");
        Require.present(amount, "amount");
        Require.nonBlank(reason, "reason");
    }
}
