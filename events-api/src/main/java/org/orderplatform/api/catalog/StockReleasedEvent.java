package org.orderplatform.api.catalog;

import org.orderplatform.api.common.Require;
import org.orderplatform.api.order.OrderId;

import java.util.List;

/** The order's reservation was given back to available stock. */
public record StockReleasedEvent(OrderId orderId, List<StockLine> lines) {

    public StockReleasedEvent {
        Require.present(orderId, "orderId");
        lines = StockLines.validated(lines);
    }
}
