package org.orderplatform.bench;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Judges every order a run placed, warm-up included, once the run is over: each reached a final status, none was
 * placed twice for one key, each confirmed order got exactly its two emails, and the stock each product lost is
 * what its confirmed orders hold.
 */
final class Audit {

    private static final int EXAMPLES = 5;

    private Audit() {
    }

    /**
     * @param placed the orders answered with 201
     * @param observed what order-query and notification showed for them, by order id, when the wait ended
     * @param stockBefore the products' stock before the run, by product id
     * @param stockAfter their stock after the wait
     * @param ordersOfCustomer how many orders order-query holds for the run's customer, who placed no others
     */
    static AuditVerdict judge(List<PlacedOrder> placed, Map<String, OrderObservation> observed,
                              Map<String, StockLevel> stockBefore, Map<String, StockLevel> stockAfter,
                              long ordersOfCustomer) {
        List<String> problems = new ArrayList<>();
        Map<String, PlacedOrder> orders = placed.stream()
                .collect(Collectors.toMap(PlacedOrder::orderId, Function.identity(), (first, again) -> first,
                        LinkedHashMap::new));
        List<OrderObservation> outcomes = orders.keySet().stream()
                .map(id -> observed.getOrDefault(id, OrderObservation.unseen(id)))
                .toList();

        doubledKeys(placed, problems);
        lost(outcomes, problems);
        if (ordersOfCustomer > orders.size()) {
            problems.add("order-query holds " + ordersOfCustomer + " orders of the run's customer, but 201s named "
                    + orders.size() + ": orders placed without an answer, or a key placed twice");
        }
        emails(outcomes, problems);
        stock(orders.values(), observed, stockBefore, stockAfter, problems);
        return new AuditVerdict(summary(outcomes, stockBefore.size()), problems);
    }

    private static void doubledKeys(List<PlacedOrder> placed, List<String> problems) {
        Map<String, Set<String>> ordersByKey = placed.stream().collect(Collectors.groupingBy(
                PlacedOrder::idempotencyKey, TreeMap::new, Collectors.mapping(PlacedOrder::orderId, Collectors.toSet())));
        List<String> doubled = ordersByKey.entrySet().stream()
                .filter(entry -> entry.getValue().size() > 1)
                .map(entry -> entry.getKey() + " → " + entry.getValue())
                .toList();
        report(doubled, "idempotency keys answered 201 with more than one order", problems);
    }

    private static void lost(List<OrderObservation> outcomes, List<String> problems) {
        List<String> unfinished = outcomes.stream()
                .filter(outcome -> !outcome.isFinal())
                .map(outcome -> outcome.orderId() + " ("
                        + Objects.requireNonNullElse(outcome.status(), "unknown to order-query") + ")")
                .toList();
        report(unfinished, "orders that never reached a final status", problems);
    }

    private static void emails(List<OrderObservation> outcomes, List<String> problems) {
        List<String> missing = new ArrayList<>();
        List<String> twice = new ArrayList<>();
        List<String> unexpected = new ArrayList<>();
        for (OrderObservation outcome : outcomes.stream().filter(OrderObservation::isFinal).toList()) {
            Map<String, Long> sent = outcome.kinds()
                    .collect(Collectors.groupingBy(kind -> kind, TreeMap::new, Collectors.counting()));
            sent.forEach((kind, count) -> {
                if (count > 1) {
                    twice.add(outcome.orderId() + ": " + kind + " ×" + count);
                }
            });
            if (outcome.isConfirmed()) {
                OrderObservation.CONFIRMED_EMAILS.stream().sorted().filter(kind -> !sent.containsKey(kind))
                        .forEach(kind -> missing.add(outcome.orderId() + ": no " + kind));
                sent.keySet().stream().filter(kind -> !OrderObservation.CONFIRMED_EMAILS.contains(kind))
                        .forEach(kind -> unexpected.add(outcome.orderId() + ": " + kind));
            }
        }
        report(missing, "emails of CONFIRMED orders not sent", problems);
        report(twice, "emails sent more than once", problems);
        report(unexpected, "emails of CONFIRMED orders other than ORDER_RECEIVED and ORDER_CONFIRMED", problems);
    }

    private static void stock(Collection<PlacedOrder> orders, Map<String, OrderObservation> observed,
                              Map<String, StockLevel> before, Map<String, StockLevel> after, List<String> problems) {
        Map<String, Long> confirmed = orders.stream()
                .filter(order -> observed.containsKey(order.orderId()) && observed.get(order.orderId()).isConfirmed())
                .collect(Collectors.groupingBy(PlacedOrder::productId, Collectors.summingLong(PlacedOrder::quantity)));
        new TreeMap<>(before).forEach((productId, levelBefore) -> {
            StockLevel levelAfter = after.get(productId);
            long expected = confirmed.getOrDefault(productId, 0L);
            long taken = levelAfter.takenSince(levelBefore);
            if (taken != expected) {
                problems.add("stock of product " + productId + ": " + taken + " taken (on hand " + levelBefore.onHand()
                        + " → " + levelAfter.onHand() + ", reserved " + levelBefore.reserved() + " → "
                        + levelAfter.reserved() + "), but its CONFIRMED orders hold " + expected);
            }
        });
    }

    private static void report(List<String> cases, String what, List<String> problems) {
        if (!cases.isEmpty()) {
            problems.add(what + ": " + cases.size() + ", e.g. "
                    + String.join("; ", cases.subList(0, Math.min(EXAMPLES, cases.size()))));
        }
    }

    private static String summary(List<OrderObservation> outcomes, int products) {
        Map<String, Long> byStatus = outcomes.stream().collect(Collectors.groupingBy(
                outcome -> Objects.requireNonNullElse(outcome.status(), "unknown"), TreeMap::new, Collectors.counting()));
        long emails = outcomes.stream().mapToLong(outcome -> outcome.notifications().size()).sum();
        return outcomes.size() + " orders (" + byStatus.entrySet().stream()
                .map(entry -> entry.getValue() + " " + entry.getKey())
                .collect(Collectors.joining(", ")) + "), " + emails + " emails, stock of " + products + " products";
    }
}
