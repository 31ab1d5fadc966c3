package org.orderplatform.api.order;

import org.orderplatform.api.common.Require;

/** The order could not be fulfilled and nothing was charged: a final state. */
public record OrderRejectedEvent(OrderId orderId, RejectionReason reason) {

    public OrderRejectedEvent {
        Require.present(orderId, "orderId");
        Require.present(reason, "reason");
    }
}
