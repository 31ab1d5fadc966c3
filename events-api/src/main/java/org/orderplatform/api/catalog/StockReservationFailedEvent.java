package org.orderplatform.api.catalog;

import org.orderplatform.api.common.Require;
import org.orderplatform.api.order.OrderId;

import java.util.List;

/** Nothing was reserved for the order because of the listed shortages. */
public record StockReservationFailedEvent(OrderId orderId, List<StockShortage> shortages) {

    public StockReservationFailedEvent {
        Require.present(orderId, "orderId");
        shortages = List.copyOf(Require.nonEmpty(shortages, "shortages"));
    }
}
