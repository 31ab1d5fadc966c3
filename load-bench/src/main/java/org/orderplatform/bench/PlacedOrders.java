package org.orderplatform.bench;

import java.time.Instant;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What the simulation's virtual users saw, kept in memory until the benchmark audits it. Gatling creates the
 * simulation itself, by class name, in the benchmark's JVM; this is how the simulation hands its results back.
 */
final class PlacedOrders {

    /**
     * @param accepted the orders answered with 201
     * @param unanswered the idempotency keys that got no 201 in any of their tries
     * @param firstStart when the first virtual user started: the start of the warm-up; null if none started
     */
    record Run(List<PlacedOrder> accepted, List<String> unanswered, Instant firstStart) {
    }

    private static final Queue<PlacedOrder> ACCEPTED = new ConcurrentLinkedQueue<>();
    private static final Queue<String> UNANSWERED = new ConcurrentLinkedQueue<>();
    private static final AtomicReference<Instant> FIRST_START = new AtomicReference<>();

    private PlacedOrders() {
    }

    static void started(Instant at) {
        FIRST_START.accumulateAndGet(at, (first, now) -> first == null || now.isBefore(first) ? now : first);
    }

    static void accepted(PlacedOrder order) {
        ACCEPTED.add(order);
    }

    static void unanswered(String idempotencyKey) {
        UNANSWERED.add(idempotencyKey);
    }

    /** What was recorded since the last call, and a clean slate for the next run. */
    static synchronized Run drain() {
        Run run = new Run(List.copyOf(ACCEPTED), List.copyOf(UNANSWERED), FIRST_START.get());
        ACCEPTED.clear();
        UNANSWERED.clear();
        FIRST_START.set(null);
        return run;
    }
}
