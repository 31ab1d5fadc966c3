package org.orderplatform.order.query.web;

import io.swagger.v3.oas.annotations.media.Schema;
import org.orderplatform.api.order.CustomerId;
import org.orderplatform.api.order.FindOrdersQuery;
import org.orderplatform.api.order.OrderStatus;
import org.orderplatform.support.security.Caller;

import java.util.Arrays;

/**
 * The query parameters of {@code GET /orders}, as sent. Parsed here rather than by Spring's conversion, so that a bad
 * value is refused with a detail that names the parameter and what it accepts.
 */
record OrderListRequest(@Schema(description = "only this customer's orders; a customer's own by default")
                        String customerId,
                        @Schema(description = "only orders in this status", implementation = OrderStatus.class)
                        String status,
                        @Schema(type = "integer", format = "int32", minimum = "0", defaultValue = "0")
                        String page,
                        @Schema(type = "integer", format = "int32", minimum = "1",
                                maximum = "" + FindOrdersQuery.MAX_PAGE_SIZE, defaultValue = "" + DEFAULT_SIZE)
                        String size) {

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
