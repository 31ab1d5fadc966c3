package org.orderplatform.api.order;

import org.orderplatform.api.common.Require;

/** Asks for one order's view; answered with an {@link OrderView}. */
public record FindOrderQuery(OrderId orderId) {

    public FindOrderQuery {
        Require.present(orderId, "orderId");
    }
}
