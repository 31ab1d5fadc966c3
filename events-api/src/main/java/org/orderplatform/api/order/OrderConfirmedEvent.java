package org.orderplatform.api.order;

import org.orderplatform.api.common.Require;

/** The order is paid for and its stock reserved: a final state. */
public record OrderConfirmedEvent(OrderId orderId) {

    public OrderConfirmedEvent {
        Require.present(orderId, "orderId");
    }
}
