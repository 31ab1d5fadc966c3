package org.orderplatform.bench;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class ChargesTest {

    private static final Instant AT = Instant.parse("2026-12-01T10:00:00Z");

    @Test
    void aChargeKeptForEachConfirmedOrderAndNoOtherPasses() {
        Map<String, OrderObservation> observed = Map.of(
                "confirmed", order("confirmed", "CONFIRMED"),
                "refunded", order("refunded", "CANCELLED"),
                "expired", order("expired", "CANCELLED"),
                "rejected", order("rejected", "REJECTED"));
        Map<String, Optional<String>> payments = Map.of(
                "confirmed", Optional.of("COMPLETED"),
                "refunded", Optional.of("REFUNDED"),
                "expired", Optional.of("EXPIRED"),
                "rejected", Optional.empty());

        assertThat(Charges.judge(observed, payments)).isEmpty();
    }

    @Test
    void findsAConfirmedOrderNotPaidAndACancelledOrderStillCharged() {
        Map<String, OrderObservation> observed = Map.of(
                "unpaid", order("unpaid", "CONFIRMED"),
                "charged", order("charged", "CANCELLED"));
        Map<String, Optional<String>> payments = Map.of(
                "unpaid", Optional.of("EXPIRED"),
                "charged", Optional.of("COMPLETED"));

        assertThat(Charges.judge(observed, payments)).containsExactlyInAnyOrder(
                "CONFIRMED orders whose payment is not COMPLETED: 1, e.g. unpaid (payment EXPIRED)",
                "orders not confirmed that kept their charge: 1, e.g. charged (CANCELLED)");
    }

    private static OrderObservation order(String orderId, String status) {
        return new OrderObservation(orderId, status, AT, List.of());
    }
}
