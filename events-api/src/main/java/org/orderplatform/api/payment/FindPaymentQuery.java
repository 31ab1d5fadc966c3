package org.orderplatform.api.payment;

import org.orderplatform.api.common.Require;
import org.orderplatform.api.order.OrderId;

/** Asks for the payment of one order; answered with a {@link PaymentView}. */
public record FindPaymentQuery(OrderId orderId) {

    public FindPaymentQuery {
        Require.present(orderId, "orderId");
    }
}
