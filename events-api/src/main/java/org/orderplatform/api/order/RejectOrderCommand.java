package org.orderplatform.api.order;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.orderplatform.api.common.Require;

/** Rejects an order that cannot be fulfilled. */
public record RejectOrderCommand(@TargetAggregateIdentifier OrderId orderId, RejectionReason reason) {

    public RejectOrderCommand {
        Require.present(orderId, "orderId");
        Require.present(reason, "reason");
    }
}
