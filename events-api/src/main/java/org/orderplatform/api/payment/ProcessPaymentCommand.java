package org.orderplatform.api.payment;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.orderplatform.api.common.Money;
import org.orderplatform.api.common.Require;
import org.orderplatform.api.order.OrderId;

/** Charges an order's total once; redelivery addresses the same payment and charges nothing more. */
public record ProcessPaymentCommand(@TargetAggregateIdentifier PaymentId paymentId,
                                    OrderId orderId,
                                    Money amount,
                                    String paymentToken) {

    public ProcessPaymentCommand {
        Require.present(paymentId, "paymentId");
        Require.present(orderId, "orderId");
        Require.present(amount, "amount");
        Require.nonBlank(paymentToken, "paymentToken");
        if (!paymentId.equals(PaymentId.forOrder(orderId))) {
            throw new IllegalArgumentException("paymentId " + paymentId + " does not belong to order " + orderId);
        }
    }

    public static ProcessPaymentCommand forOrder(OrderId orderId, Money amount, String paymentToken) {
        return new ProcessPaymentCommand(PaymentId.forOrder(orderId), orderId, amount, paymentToken);
    }
}
