package org.orderplatform.bench;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the simulation's virtual users saw, kept in memory until the benchmark audits it. Gatling creates the
 * simulation itself, by class name, in the benchmark's JVM; this is how the simulation hands its results back.
 */
final class PlacedOrders {

    /**
     * @param accepted the orders answered with 201
     * @param unanswered the orders that got no 201 in any of their tries
     * @param firstStart when the first virtual user started: the start of the warm-up; null if none started
     * @param answers how many tries got each answer, by status ({@link #NO_ANSWER} for none), in order of status
     * @param unavailableWithoutRetryAfter how many 503s came without {@code Retry-After}
     */
    record Run(List<PlacedOrder> accepted, List<UnansweredOrder> unanswered, Instant firstStart, Map<Integer, Long> answers,
               long unavailableWithoutRetryAfter) {
    }

    /** The status counted for a try that got no answer at all: refused connection, reset, timeout. */
    static final int NO_ANSWER = 0;

    private static final Queue<PlacedOrder> ACCEPTED = new ConcurrentLinkedQueue<>();
    private static final Queue<UnansweredOrder> UNANSWERED = new ConcurrentLinkedQueue<>();
    private static final AtomicReference<Instant> FIRST_START = new AtomicReference<>();
    private static final Map<Integer, LongAdder> ANSWERS = new ConcurrentHashMap<>();
    private static final LongAdder UNAVAILABLE_WITHOUT_RETRY_AFTER = new LongAdder();

    private PlacedOrders() {
    }

    static void started(Instant at) {
        FIRST_START.accumulateAndGet(at, (first, now) -> first == null || now.isBefore(first) ? now : first);
    }

    static void accepted(PlacedOrder order) {
        ACCEPTED.add(order);
    }

    static void unanswered(UnansweredOrder order) {
        UNANSWERED.add(order);
    }

    static void answered(int status, boolean withRetryAfter) {
        ANSWERS.computeIfAbsent(status, key -> new LongAdder()).increment();
        if (status == 503 && !withRetryAfter) {
            UNAVAILABLE_WITHOUT_RETRY_AFTER.increment();
        }
    }

    /** What was recorded since the last call, and a clean slate for the next run. */
    static synchronized Run drain() {
        Map<Integer, Long> answers = new TreeMap<>();
        ANSWERS.forEach((status, count) -> answers.put(status, count.sum()));
        Run run = new Run(List.copyOf(ACCEPTED), List.copyOf(UNANSWERED), FIRST_START.get(), answers,
                UNAVAILABLE_WITHOUT_RETRY_AFTER.sumThenReset());
        ACCEPTED.clear();
        UNANSWERED.clear();
        FIRST_START.set(null);
        ANSWERS.clear();
        return run;
    }
}
