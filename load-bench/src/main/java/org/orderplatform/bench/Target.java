package org.orderplatform.bench;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/** What the suite is meant to hold at a rate. A missed target is reported; only a failed audit fails the run. */
enum Target {

    ACCEPTED_IN_TIME("201: p50 ≤ 15 ms, p99 ≤ 50 ms", true, result -> result.accepted()
            .filter(latency -> atMost(latency.p50(), 15) && atMost(latency.p99(), 50)).isPresent()),
    CONFIRMED_IN_TIME("placed → CONFIRMED: p99 ≤ 1 s", true, result -> result.confirmed()
            .filter(latency -> atMost(latency.p99(), 1000)).isPresent()),
    FIRST_EMAIL_IN_TIME("placed → first email: p99 ≤ 500 ms", true, result -> result.firstEmail()
            .filter(latency -> atMost(latency.p99(), 500)).isPresent()),
    NOTHING_LOST("audit: nothing lost, doubled or miscounted", false, result -> result.audit().passed()),
    CPU_PER_ORDER("CPU ≤ 10 ms per order", false, result -> result.suiteCpuMillisPerOrder() <= 10),
    PEAK_RSS("peak RSS ≤ 3 GiB", false, result -> result.usage().peakResidentBytes() <= 3L * 1024 * 1024 * 1024);

    final String label;
    /** Whether it is one of the latency targets that, with the audit, decide the highest rate the suite holds. */
    final boolean latency;
    private final Predicate<RateResult> test;

    Target(String label, boolean latency, Predicate<RateResult> test) {
        this.label = label;
        this.latency = latency;
        this.test = test;
    }

    boolean heldBy(RateResult result) {
        return test.test(result);
    }

    /** The highest rate at which every latency target held and the audit passed. */
    static Optional<Integer> highestRateHeld(List<RateResult> results) {
        return results.stream()
                .filter(result -> result.audit().passed())
                .filter(result -> Arrays.stream(values())
                        .filter(target -> target.latency)
                        .allMatch(target -> target.heldBy(result)))
                .map(RateResult::rate)
                .max(Integer::compare);
    }

    private static boolean atMost(Duration latency, long millis) {
        return latency.compareTo(Duration.ofMillis(millis)) <= 0;
    }
}
