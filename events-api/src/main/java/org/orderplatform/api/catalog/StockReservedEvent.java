package org.orderplatform.api.catalog;

import org.orderplatform.api.common.Require;
import org.orderplatform.api.order.OrderId;

import java.util.List;

/** Every line of the order is reserved. */
public record StockReservedEvent(OrderId orderId, List<StockLine> lines) {

    public StockReservedEvent {
        Require.present(orderId, "orderId");
        lines = StockLines.validated(lines);
    }
}
