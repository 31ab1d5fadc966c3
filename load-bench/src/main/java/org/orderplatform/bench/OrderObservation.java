package org.orderplatform.bench;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * An order as order-query and notification show it: its status, the time of its final status (the timestamp of the
 * event that made it final, from the order's history) and the emails sent about it. The status is null while
 * order-query does not know the order.
 */
record OrderObservation(String orderId, String status, Instant finalAt, List<Notification> notifications) {

    static final String CONFIRMED = "CONFIRMED";
    static final Set<String> FINAL_STATUSES = Set.of(CONFIRMED, "REJECTED", "CANCELLED");
    /** The emails a confirmed order gets, one of each. */
    static final Set<String> CONFIRMED_EMAILS = Set.of("ORDER_RECEIVED", "ORDER_CONFIRMED");

    record Notification(String kind, Instant sentAt) {
    }

    OrderObservation {
        notifications = List.copyOf(notifications);
    }

    static OrderObservation unseen(String orderId) {
        return new OrderObservation(orderId, null, null, List.of());
    }

    boolean isFinal() {
        return status != null && FINAL_STATUSES.contains(status);
    }

    boolean isConfirmed() {
        return CONFIRMED.equals(status);
    }

    /** Final, and when confirmed, both its emails sent: nothing more is due for it. */
    boolean isSettled() {
        return isFinal() && (!isConfirmed() || kinds().toList().containsAll(CONFIRMED_EMAILS));
    }

    Optional<Instant> firstEmailAt() {
        return notifications.stream().map(Notification::sentAt).min(Comparator.naturalOrder());
    }

    /** When the last thing due for a final order happened: its final status or its last email. */
    Instant settledAt() {
        return Stream.concat(Stream.of(finalAt), notifications.stream().map(Notification::sentAt))
                .max(Comparator.naturalOrder())
                .orElseThrow();
    }

    Stream<String> kinds() {
        return notifications.stream().map(Notification::kind);
    }
}
