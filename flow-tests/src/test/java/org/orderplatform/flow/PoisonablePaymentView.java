package org.orderplatform.flow;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.orderplatform.api.payment.PaymentCompletedEvent;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One more handler in payment's view processing group, started with payment where a test asks for it: it fails
 * for the payments of an amount the test poisons, as a bug would, until the test cures it. By amount, as an order's
 * id is only known once it is placed.
 */
@ProcessingGroup("payment-view")
public class PoisonablePaymentView {

    private final Set<String> poisoned = ConcurrentHashMap.newKeySet();

    void poison(String amount) {
        poisoned.add(amount);
    }

    void cure(String amount) {
        poisoned.remove(amount);
    }

    @EventHandler
    void on(PaymentCompletedEvent event) {
        String amount = event.amount().amount().toPlainString();
        if (poisoned.contains(amount)) {
            throw new IllegalStateException("the payment view cannot take a payment of " + amount);
        }
    }
}
