package org.orderplatform.order.web;

/** The order cannot be placed as asked: a product is unknown or clearly short of stock. */
class OrderNotAcceptedException extends RuntimeException {

    OrderNotAcceptedException(String message) {
        super(message);
    }
}
