package org.orderplatform.api.order;

import org.orderplatform.api.common.Require;

/** The order was cancelled: a final state. Reserved stock is released and a charge refunded. */
public record OrderCancelledEvent(OrderId orderId, CancellationReason reason) {

    public OrderCancelledEvent {
        Require.present(orderId, "orderId");
        Require.present(reason, "reason");
    }
}
