package org.orderplatform.api.order;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.orderplatform.api.common.Require;

/** Confirms an order whose stock is reserved and whose payment completed. */
public record ConfirmOrderCommand(@TargetAggregateIdentifier OrderId orderId) {

    public ConfirmOrderCommand {
        Require.present(orderId, "orderId");
    }
}
