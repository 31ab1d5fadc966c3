package org.orderplatform.bench;

import java.time.Duration;
import java.time.Instant;

/**
 * An order that order-command accepted with {@code 201}: the key it was sent with, what it asked for, the number
 * of tries it took, when its virtual user was due to send it, and when the 201 came back.
 */
record PlacedOrder(String idempotencyKey, String orderId, String productId, int quantity, int tries,
                   Instant intendedAt, Instant acceptedAt) {

    /** From the intended send to the 201, retries included. */
    Duration acceptLatency() {
        return Duration.between(intendedAt, acceptedAt);
    }
}
