package org.orderplatform.api.catalog;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.orderplatform.api.common.Require;
import org.orderplatform.api.order.OrderId;

import java.util.List;

/** Reserves every line of an order, or none; routed by order so one order's stock commands meet one instance. */
public record ReserveStockCommand(@TargetAggregateIdentifier OrderId orderId, List<StockLine> lines) {

    public ReserveStockCommand {
        Require.present(orderId, "orderId");
        lines = StockLines.validated(lines);
    }
}
