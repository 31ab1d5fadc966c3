package org.orderplatform.order.command;

import org.orderplatform.api.order.CustomerId;
import org.orderplatform.api.order.OrderId;

/** A customer asked to change an order that is not theirs. */
public class OrderOfAnotherCustomerException extends IllegalStateException {

    OrderOfAnotherCustomerException(OrderId orderId, CustomerId asking) {
        super("order " + orderId + " belongs to another customer than " + asking);
    }
}
