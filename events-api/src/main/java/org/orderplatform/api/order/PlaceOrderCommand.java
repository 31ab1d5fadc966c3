package org.orderplatform.api.order;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.orderplatform.api.common.Money;
import org.orderplatform.api.common.Require;

import java.util.List;

/** Places a new order at the prices quoted by the catalog; the payment token is the provider's opaque card reference. */
public record PlaceOrderCommand(@TargetAggregateIdentifier OrderId orderId,
                                CustomerId customerId,
                                String customerEmail,
                                List<OrderLine> lines,
                                String paymentToken) {

    public PlaceOrderCommand {
        Require.present(orderId, "orderId");
        Require.present(customerId, "customerId");
        Emails.validated(customerEmail);
        lines = OrderLines.validated(lines);
        Require.nonBlank(paymentToken, "paymentToken");
    }

    public Money total() {
        return OrderLines.total(lines);
    }
}
