package org.orderplatform.bench;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class AuditTest {

    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    private static final String MUG = "product-mug";
    private static final String POT = "product-pot";

    private final List<PlacedOrder> placed = List.of(
            placed("key-1", "order-1", MUG, 2),
            placed("key-2", "order-2", MUG, 1),
            placed("key-3", "order-3", POT, 3));
    private final Map<String, OrderObservation> observed = new HashMap<>(Map.of(
            "order-1", confirmedWithBothEmails("order-1"),
            "order-2", confirmedWithBothEmails("order-2"),
            "order-3", confirmedWithBothEmails("order-3")));
    private final Map<String, StockLevel> before = Map.of(MUG, new StockLevel(100, 0), POT, new StockLevel(50, 5));
    private final Map<String, StockLevel> heldReserved = Map.of(MUG, new StockLevel(100, 3), POT, new StockLevel(50, 8));

    @Test
    void aCleanRunPasses() {
        AuditVerdict verdict = Audit.judge(placed, observed, before, heldReserved, 3);

        assertThat(verdict.passed()).isTrue();
        assertThat(verdict.problems()).isEmpty();
        assertThat(verdict.summary()).isEqualTo("3 orders (3 CONFIRMED), 6 emails, stock of 2 products");
    }

    @Test
    void stockAddsUpAlsoWhenConfirmationConsumesOnHandInsteadOfKeepingTheHold() {
        Map<String, StockLevel> consumed = Map.of(MUG, new StockLevel(97, 0), POT, new StockLevel(47, 5));

        assertThat(Audit.judge(placed, observed, before, consumed, 3).passed()).isTrue();
    }

    @Test
    void anOrderThatNeverBecameFinalIsLost() {
        observed.put("order-2", new OrderObservation("order-2", "PENDING", null, List.of()));
        observed.remove("order-3");

        AuditVerdict verdict = Audit.judge(placed, observed, before, Map.of(MUG, new StockLevel(100, 3),
                POT, new StockLevel(50, 8)), 3);

        assertThat(verdict.passed()).isFalse();
        assertThat(verdict.problems()).anySatisfy(problem -> assertThat(problem)
                .startsWith("orders that never reached a final status: 2, e.g. ")
                .contains("order-2 (PENDING)", "order-3 (unknown to order-query)"));
    }

    @Test
    void anEmailSentTwiceFails() {
        observed.put("order-1", new OrderObservation("order-1", "CONFIRMED", T0.plusMillis(40), List.of(
                email("ORDER_RECEIVED", 20), email("ORDER_CONFIRMED", 50), email("ORDER_RECEIVED", 900))));

        AuditVerdict verdict = Audit.judge(placed, observed, before, heldReserved, 3);

        assertThat(verdict.problems()).containsExactly(
                "emails sent more than once: 1, e.g. order-1: ORDER_RECEIVED ×2");
    }

    @Test
    void aConfirmedOrderWithoutItsConfirmationEmailFails() {
        observed.put("order-3", new OrderObservation("order-3", "CONFIRMED", T0.plusMillis(40),
                List.of(email("ORDER_RECEIVED", 20))));

        AuditVerdict verdict = Audit.judge(placed, observed, before, heldReserved, 3);

        assertThat(verdict.problems()).containsExactly(
                "emails of CONFIRMED orders not sent: 1, e.g. order-3: no ORDER_CONFIRMED");
    }

    @Test
    void stockThatDoesNotMatchTheConfirmedOrdersFails() {
        Map<String, StockLevel> oneTooMany = Map.of(MUG, new StockLevel(100, 4), POT, new StockLevel(50, 8));

        AuditVerdict verdict = Audit.judge(placed, observed, before, oneTooMany, 3);

        assertThat(verdict.passed()).isFalse();
        assertThat(verdict.problems()).containsExactly("stock of product " + MUG
                + ": 4 taken (on hand 100 → 100, reserved 0 → 4), but its CONFIRMED orders hold 3");
    }

    @Test
    void anOrderThatWasNotConfirmedTakesNoStock() {
        observed.put("order-3", new OrderObservation("order-3", "CANCELLED", T0.plusMillis(40),
                List.of(email("ORDER_RECEIVED", 20), email("ORDER_CANCELLED", 60))));

        assertThat(Audit.judge(placed, observed, before, heldReserved, 3).problems()).containsExactly(
                "stock of product " + POT + ": 3 taken (on hand 50 → 50, reserved 5 → 8), but its CONFIRMED orders hold 0");
        assertThat(Audit.judge(placed, observed, before, Map.of(MUG, new StockLevel(100, 3), POT, before.get(POT)), 3)
                .passed()).isTrue();
    }

    @Test
    void aKeyAnsweredWithTwoDifferentOrdersFails() {
        List<PlacedOrder> doubled = List.of(placed.get(0), placed.get(1), placed.get(2),
                placed("key-1", "order-4", MUG, 2));
        observed.put("order-4", confirmedWithBothEmails("order-4"));
        Map<String, StockLevel> bothTaken = Map.of(MUG, new StockLevel(100, 5), POT, new StockLevel(50, 8));

        AuditVerdict verdict = Audit.judge(doubled, observed, before, bothTaken, 4);

        assertThat(verdict.problems()).singleElement().asString()
                .startsWith("idempotency keys answered 201 with more than one order: 1, e.g. key-1 → ")
                .contains("order-1", "order-4");
    }

    @Test
    void moreOrdersOfTheRunsCustomerThan201sNamedFails() {
        AuditVerdict verdict = Audit.judge(placed, observed, before, heldReserved, 4);

        assertThat(verdict.problems()).containsExactly("order-query holds 4 orders of the run's customer, but 201s"
                + " named 3: orders placed without an answer, or a key placed twice");
    }

    private static PlacedOrder placed(String key, String orderId, String productId, int quantity) {
        return new PlacedOrder(key, orderId, productId, quantity, 1, T0, T0.plusMillis(8));
    }

    private static OrderObservation confirmedWithBothEmails(String orderId) {
        return new OrderObservation(orderId, "CONFIRMED", T0.plusMillis(40),
                List.of(email("ORDER_RECEIVED", 20), email("ORDER_CONFIRMED", 50)));
    }

    private static OrderObservation.Notification email(String kind, long millisAfterStart) {
        return new OrderObservation.Notification(kind, T0.plusMillis(millisAfterStart));
    }
}
