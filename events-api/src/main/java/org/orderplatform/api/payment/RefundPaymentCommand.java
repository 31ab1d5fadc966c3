package org.orderplatform.api.payment;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.orderplatform.api.common.Require;
import org.orderplatform.api.order.OrderId;

/** Refunds a completed charge in full; refunding twice changes nothing. */
public record RefundPaymentCommand(@TargetAggregateIdentifier PaymentId paymentId, OrderId orderId) {

    public RefundPaymentCommand {
        Require.present(paymentId, "paymentId");
        Require.present(orderId, "orderId");
    }

    public static RefundPaymentCommand forOrder(OrderId orderId) {
        return new RefundPaymentCommand(PaymentId.forOrder(orderId), orderId);
    }
}
