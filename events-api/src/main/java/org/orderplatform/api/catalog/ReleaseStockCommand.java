package org.orderplatform.api.catalog;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.orderplatform.api.common.Require;
import org.orderplatform.api.order.OrderId;

/** Releases whatever is reserved for an order; releasing twice, or what was never reserved, changes nothing. */
public record ReleaseStockCommand(@TargetAggregateIdentifier OrderId orderId) {

    public ReleaseStockCommand {
        Require.present(orderId, "orderId");
    }
}
