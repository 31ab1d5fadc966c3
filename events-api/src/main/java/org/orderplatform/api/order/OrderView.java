package org.orderplatform.api.order;

import com.fasterxml.jackson.annotation.JsonFormat;
import org.orderplatform.api.catalog.ProductId;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/** The read model of one order, as clients see it; {@code reason} is null or the name of the final status' reason. */
public record OrderView(OrderId orderId,
                        CustomerId customerId,
                        OrderStatus status,
                        String reason,
                        List<Item> items,
                        @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal total,
                        String currency,
                        Instant placedAt,
                        Instant updatedAt,
                        List<StatusChange> history) {

    public OrderView {
        items = List.copyOf(items);
        history = List.copyOf(history);
    }

    public record Item(ProductId productId, int quantity, @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal unitPrice) {
    }

    public record StatusChange(OrderStatus status, Instant at) {
    }
}
