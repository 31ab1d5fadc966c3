package org.orderplatform.api.order;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.orderplatform.api.common.Require;

/** Cancels an order that is not final yet, by the saga's compensation or at the customer's request. */
public record CancelOrderCommand(@TargetAggregateIdentifier OrderId orderId, CancellationReason reason) {

    public CancelOrderCommand {
        Require.present(orderId, "orderId");
        Require.present(reason, "reason");
    }
}
