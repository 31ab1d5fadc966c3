package org.orderplatform.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Judges what the customers paid: a confirmed order's payment is completed, and no other order keeps a charge (it
 * was refunded, failed or expired, or never made).
 */
final class Charges {

    private static final String COMPLETED = "COMPLETED";
    private static final int EXAMPLES = 5;

    private Charges() {
    }

    /**
     * @param observed what order-query showed for each accepted order, by order id
     * @param payments the payment's status of each order, empty for none
     */
    static List<String> judge(Map<String, OrderObservation> observed, Map<String, Optional<String>> payments) {
        List<String> unpaid = new ArrayList<>();
        List<String> chargedWithoutOrder = new ArrayList<>();
        observed.forEach((orderId, observation) -> {
            Optional<String> payment = payments.getOrDefault(orderId, Optional.empty());
            boolean charged = payment.filter(COMPLETED::equals).isPresent();
            if (observation.isConfirmed() && !charged) {
                unpaid.add(orderId + " (payment " + payment.orElse("none") + ")");
            } else if (observation.isFinal() && !observation.isConfirmed() && charged) {
                chargedWithoutOrder.add(orderId + " (" + observation.status() + ")");
            }
        });
        List<String> problems = new ArrayList<>();
        report(unpaid, "CONFIRMED orders whose payment is not COMPLETED", problems);
        report(chargedWithoutOrder, "orders not confirmed that kept their charge", problems);
        return problems;
    }

    private static void report(List<String> cases, String what, List<String> problems) {
        if (!cases.isEmpty()) {
            problems.add(what + ": " + cases.size() + ", e.g. "
                    + String.join("; ", cases.subList(0, Math.min(EXAMPLES, cases.size()))));
        }
    }
}
