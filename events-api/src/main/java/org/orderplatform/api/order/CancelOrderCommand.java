package org.orderplatform.api.order;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.orderplatform.api.common.Require;

/**
 * Cancels an order that is not final yet, by the saga's compensation or at a customer's request.
 *
 * @param customerId the customer asking, who must be the order's; null when the platform cancels
 */
public record CancelOrderCommand(@TargetAggregateIdentifier OrderId orderId, CancellationReason reason,
                                 CustomerId customerId) {

    public CancelOrderCommand {
        Require.present(orderId, "orderId");
        Require.present(reason, "reason");
    }

    /** The platform's own cancellation, for any customer's order. */
    public CancelOrderCommand(OrderId orderId, CancellationReason reason) {
        this(orderId, reason, null);
    }
}
