package org.orderplatform.bench;

import java.time.Instant;

/**
 * An order whose virtual user got no 201 in any of its tries: it may have been placed all the same, its answer
 * lost to a timeout, so the benchmark asks again with the same key and body before the audit counts the run.
 */
record UnansweredOrder(String idempotencyKey, String productId, int quantity, int tries, Instant intendedAt) {
}
