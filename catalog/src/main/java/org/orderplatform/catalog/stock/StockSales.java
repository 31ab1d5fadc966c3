package org.orderplatform.catalog.stock;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.orderplatform.api.order.OrderConfirmedEvent;
import org.springframework.stereotype.Component;

/**
 * A confirmed order is a sale: its reserved stock leaves the shelf. Without this, every order ever confirmed would
 * stay reserved and held on its products, which would grow without bound.
 */
@Component
@ProcessingGroup(StockSales.PROCESSOR)
class StockSales {

    static final String PROCESSOR = "stock-sales";

    private final StockReservations reservations;

    StockSales(StockReservations reservations) {
        this.reservations = reservations;
    }

    @EventHandler
    void on(OrderConfirmedEvent event) {
        reservations.sell(event.orderId());
    }
}
