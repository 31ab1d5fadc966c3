package org.orderplatform.order.query.bench;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.orderplatform.api.order.OrderCancelledEvent;
import org.orderplatform.api.order.OrderConfirmedEvent;
import org.orderplatform.api.order.OrderPlacedEvent;
import org.orderplatform.api.order.OrderRejectedEvent;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The baseline of the benchmark: handles the same events on the same kind of processor and writes nothing; it only
 * counts them, so that the benchmark knows when a replay has been through all of them.
 */
@ProcessingGroup(NoopOrderProjection.PROCESSOR)
class NoopOrderProjection {

    static final String PROCESSOR = "noop";

    private final AtomicLong handled = new AtomicLong();

    long handled() {
        return handled.get();
    }

    @EventHandler
    void on(OrderPlacedEvent event) {
        handled.incrementAndGet();
    }

    @EventHandler
    void on(OrderConfirmedEvent event) {
        handled.incrementAndGet();
    }

    @EventHandler
    void on(OrderRejectedEvent event) {
        handled.incrementAndGet();
    }

    @EventHandler
    void on(OrderCancelledEvent event) {
        handled.incrementAndGet();
    }
}
