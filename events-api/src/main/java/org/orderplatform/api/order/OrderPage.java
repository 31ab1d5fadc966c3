package org.orderplatform.api.order;

import java.util.List;

/** One page of orders answering a {@link FindOrdersQuery}. */
public record OrderPage(List<OrderView> orders, int page, int size, long totalElements) {

    public OrderPage {
        orders = List.copyOf(orders);
    }
}
