package org.orderplatform.payment;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.orderplatform.api.order.OrderId;
import org.orderplatform.api.payment.PaymentCompletedEvent;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** A second handler of the payment view's processing group, failing for the orders a test chose until it fixes them. */
@ProcessingGroup("payment-view")
class FaultyPaymentHandler {

    private final Set<OrderId> poisoned = ConcurrentHashMap.newKeySet();

    void poison(OrderId orderId) {
        poisoned.add(orderId);
    }

    void fix(OrderId orderId) {
        poisoned.remove(orderId);
    }

    @EventHandler
    void on(PaymentCompletedEvent event) {
        if (poisoned.contains(event.orderId())) {
            throw new IllegalStateException("the payment of order " + event.orderId() + " is poisoned");
        }
    }
}
