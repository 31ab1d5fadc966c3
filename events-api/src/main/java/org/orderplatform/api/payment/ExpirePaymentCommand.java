package org.orderplatform.api.payment;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.orderplatform.api.common.Money;
import org.orderplatform.api.common.Require;
import org.orderplatform.api.order.OrderId;

/**
 * The order stops waiting for its payment: the payment settles now. A payment already answered keeps its answer;
 * otherwise the provider is asked by idempotency key, and a charge it made is completed, one it declined failed,
 * and one it never made expires and can no longer be made. Repeating it changes nothing.
 */
public record ExpirePaymentCommand(@TargetAggregateIdentifier PaymentId paymentId, OrderId orderId, Money amount) {

    public ExpirePaymentCommand {
        Require.present(paymentId, "paymentId");
        Require.present(orderId, "orderId");
        Require.present(amount, "amount");
        if (!paymentId.equals(PaymentId.forOrder(orderId))) {
            throw new IllegalArgumentException("paymentId " + paymentId + " does not belong to order " + orderId);
        }
    }

    public static ExpirePaymentCommand forOrder(OrderId orderId, Money amount) {
        return new ExpirePaymentCommand(PaymentId.forOrder(orderId), orderId, amount);
    }
}
