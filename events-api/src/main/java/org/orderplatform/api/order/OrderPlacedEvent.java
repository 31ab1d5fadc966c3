package org.orderplatform.api.order;

import org.orderplatform.api.common.Money;
import org.orderplatform.api.common.Require;

import java.util.List;

/** An order was accepted for processing: the promise to reserve stock, charge the card and confirm or cancel. */
public record OrderPlacedEvent(OrderId orderId,
                               CustomerId customerId,
                               String customerEmail,
                               List<OrderLine> lines,
                               Money total,
                               String paymentToken) {

    public OrderPlacedEvent {
        Require.present(orderId, "orderId");
        Require.present(customerId, "customerId");
        Emails.validated(customerEmail);
        lines = OrderLines.validated(lines);
        if (!Require.present(total, "total").equals(OrderLines.total(lines))) {
            throw new IllegalArgumentException("total " + total + " is not the sum of the lines, " + OrderLines.total(lines));
        }
        Require.nonBlank(paymentToken, "paymentToken");
    }
}
