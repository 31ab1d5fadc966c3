package org.orderplatform.order.query.web;

import org.orderplatform.api.order.CustomerId;
import org.orderplatform.api.order.FindOrdersQuery;
import org.orderplatform.api.order.OrderStatus;
import org.orderplatform.support.security.Caller;

import java.util.Arrays;

/**
 * The query parameters of {@code GET /orders}, as sent. Parsed here rather than by Spring's conversion, so that a bad
 * value is refused with a detail that names the parameter and what it accepts.
 */
record OrderListRequest(String customerId, String status, String page, String size) {

    static final int DEFAULT_SIZE = 20;

    /** A customer lists only their own orders: without {@code customerId}, theirs; with another's, refused. */
    FindOrdersQuery toQuery(Caller caller) {
        String customer = isBlank(customerId) ? null : customerId;
        if (caller.customerOnly()) {
            customer = customer == null ? caller.customerId() : customer;
            caller.requireActingFor(customer, "customer " + customer + "'s order list");
        }
        return new FindOrdersQuery(
                customer == null ? null : new CustomerId(customer),
                isBlank(status) ? null : status(status),
                isBlank(page) ? 0 : number("page", page),
                isBlank(size) ? DEFAULT_SIZE : number("size", size));
    }

    private static OrderStatus status(String value) {
        try {
            return OrderStatus.valueOf(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("status must be one of "
                    + String.join(", ", Arrays.stream(OrderStatus.values()).map(Enum::name).toList())
                    + ", was '" + value + "'");
        }
    }

    private static int number(String name, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, was '" + value + "'");
        }
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
