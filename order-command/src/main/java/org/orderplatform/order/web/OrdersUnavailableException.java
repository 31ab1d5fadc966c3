package org.orderplatform.order.web;

/** The order handlers did not answer in time: the command may still take effect, so asking again must be safe. */
class OrdersUnavailableException extends RuntimeException {

    OrdersUnavailableException(String message) {
        super(message);
    }
}
