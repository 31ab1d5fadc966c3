package org.orderplatform.order.query.bench;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.orderplatform.api.order.OrderCancelledEvent;
import org.orderplatform.api.order.OrderConfirmedEvent;
import org.orderplatform.api.order.OrderPlacedEvent;
import org.orderplatform.api.order.OrderRejectedEvent;

/** The baseline of the benchmark: handles the same events on the same kind of processor and writes nothing. */
@ProcessingGroup(NoopOrderProjection.PROCESSOR)
class NoopOrderProjection {

    static final String PROCESSOR = "noop";

    @EventHandler
    void on(OrderPlacedEvent event) {
        // The baseline does nothing by design.
    }

    @EventHandler
    void on(OrderConfirmedEvent event) {
        // The baseline does nothing by design.
    }

    @EventHandler
    void on(OrderRejectedEvent event) {
        // The baseline does nothing by design.
    }

    @EventHandler
    void on(OrderCancelledEvent event) {
        // The baseline does nothing by design.
    }
}
