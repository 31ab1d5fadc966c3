package org.orderplatform.api.order;

import org.orderplatform.api.common.Require;

/**
 * Asks for a page of orders, newest first, optionally of one customer and in one status; answered with an
 * {@link OrderPage}.
 */
public record FindOrdersQuery(CustomerId customerId, OrderStatus status, int page, int size) {

    public static final int MAX_PAGE_SIZE = 100;

    public FindOrdersQuery {
        Require.notNegative(page, "page");
        Require.positive(size, "size");
        if (size > MAX_PAGE_SIZE) {
            throw new IllegalArgumentException("size must be at most " + MAX_PAGE_SIZE + ", was " + size);
        }
    }
}
