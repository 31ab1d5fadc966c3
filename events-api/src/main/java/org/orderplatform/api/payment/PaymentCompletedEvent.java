package org.orderplatform.api.payment;

import org.orderplatform.api.common.Money;
import org.orderplatform.api.common.Require;
import org.orderplatform.api.order.OrderId;

/** The provider charged the order's total; {@code providerReference} is the provider's id for the charge. */
public record PaymentCompletedEvent(PaymentId paymentId, OrderId orderId, Money amount, String providerReference) {

    public PaymentCompletedEvent {
        Require.present(paymentId, "paymentId");
        Require.present(orderId, "orderId");
        Require.present(amount, "amount");
        Require.nonBlank(providerReference, "providerReference");
    }
}
