package org.orderplatform.api.catalog;

import org.orderplatform.api.common.Require;
import org.orderplatform.api.order.OrderId;

import java.util.List;

/**
 * Nothing is held for the order any more: its reservation was given back to available stock, or there was none to
 * give back (empty lines), and none will be made.
 */
public record StockReleasedEvent(OrderId orderId, List<StockLine> lines) {

    public StockReleasedEvent {
        Require.present(orderId, "orderId");
        lines = lines == null ? List.of() : List.copyOf(lines);
    }
}
