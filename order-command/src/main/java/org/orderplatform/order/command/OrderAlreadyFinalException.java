package org.orderplatform.order.command;

import org.orderplatform.api.order.OrderId;
import org.orderplatform.api.order.OrderStatus;

/** A change was asked of an order that has already reached a final status. */
public class OrderAlreadyFinalException extends IllegalStateException {

    OrderAlreadyFinalException(OrderId orderId, OrderStatus status, String change) {
        super("order " + orderId + " is " + status + " and cannot be " + change);
    }
}
