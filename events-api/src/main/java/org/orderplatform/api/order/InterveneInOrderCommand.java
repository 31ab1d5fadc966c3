package org.orderplatform.api.order;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.orderplatform.api.common.Require;

/**
 * An operator's action on an order, recorded on the order so that its history says who did what.
 *
 * @param operator who asked, as their access token names them
 */
public record InterveneInOrderCommand(@TargetAggregateIdentifier OrderId orderId, OrderIntervention intervention,
                                      String operator) {

    public InterveneInOrderCommand {
        Require.present(orderId, "orderId");
        Require.present(intervention, "intervention");
        Require.nonBlank(operator, "operator");
    }
}
