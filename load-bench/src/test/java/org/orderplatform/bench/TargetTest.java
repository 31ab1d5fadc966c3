package org.orderplatform.bench;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class TargetTest {

    private static final long GIB = 1024L * 1024 * 1024;
    private static final AuditVerdict CLEAN = new AuditVerdict("100 orders (100 CONFIRMED)", List.of());
    private static final AuditVerdict LOST_ONE = new AuditVerdict("100 orders (99 CONFIRMED, 1 PENDING)",
            List.of("orders that never reached a final status: 1, e.g. order-9 (PENDING)"));

    @Test
    void aRateWithinEveryTargetHoldsThemAll() {
        RateResult result = result(20, latencies(8, 30), latencies(300, 900), latencies(100, 400), 0.9, 2 * GIB, CLEAN);

        assertThat(Target.values()).allMatch(target -> target.heldBy(result));
    }

    @Test
    void the201TargetWantsBothItsMedianAndItsTail() {
        RateResult slowMedian = result(20, latencies(16, 30), latencies(300, 900), latencies(100, 400), 1, GIB, CLEAN);
        RateResult slowTail = result(20, latencies(8, 51), latencies(300, 900), latencies(100, 400), 1, GIB, CLEAN);

        assertThat(Target.ACCEPTED_IN_TIME.heldBy(slowMedian)).isFalse();
        assertThat(Target.ACCEPTED_IN_TIME.heldBy(slowTail)).isFalse();
    }

    @Test
    void cpuAndMemoryAreOverTheirTargetsAboveTenMillisecondsPerOrderAndThreeGibibytes() {
        RateResult result = result(20, latencies(8, 30), latencies(300, 900), latencies(100, 400), 1.1, 3 * GIB + 1, CLEAN);

        assertThat(Target.CPU_PER_ORDER.heldBy(result)).isFalse();
        assertThat(Target.PEAK_RSS.heldBy(result)).isFalse();
    }

    @Test
    void nothingMeasuredMeetsNoLatencyTarget() {
        RateResult result = new RateResult(20, null, Duration.ofSeconds(10), 0, 0, 0, 0, Optional.empty(), Optional.empty(),
                Optional.empty(), usage(0, GIB), CLEAN, Path.of("index.html"));

        assertThat(Target.values()).filteredOn(target -> target.latency).noneMatch(target -> target.heldBy(result));
    }

    @Test
    void theHighestRateHeldIsTheHighestWithEveryLatencyTargetAndACleanAudit() {
        List<RateResult> results = List.of(
                result(20, latencies(5, 20), latencies(200, 600), latencies(80, 300), 2.0, 4 * GIB, CLEAN),
                result(50, latencies(9, 45), latencies(400, 950), latencies(150, 480), 2.0, 4 * GIB, CLEAN),
                result(100, latencies(12, 48), latencies(500, 990), latencies(200, 490), 2.0, 2 * GIB, LOST_ONE),
                result(200, latencies(40, 400), latencies(900, 3000), latencies(600, 2500), 2.0, 2 * GIB, CLEAN));

        // CPU (20 ms per order) and memory (4 GiB) miss their targets at 20 and 50 orders/s: they do not decide
        assertThat(Target.highestRateHeld(results)).contains(50);
        assertThat(Target.highestRateHeld(results.subList(2, 4))).isEmpty();
    }

    /** 100 measured orders over 10 s, whose CPU is {@code suiteCpuSeconds} in all. */
    private static RateResult result(int rate, Optional<LatencySummary> accepted, Optional<LatencySummary> confirmed,
                                     Optional<LatencySummary> firstEmail, double suiteCpuSeconds, long peakBytes,
                                     AuditVerdict audit) {
        return new RateResult(rate, null, Duration.ofSeconds(10), 100, 50, 0, 0, accepted, confirmed, firstEmail,
                usage(suiteCpuSeconds, peakBytes), audit, Path.of("index.html"));
    }

    private static ResourceUsage usage(double suiteCpuSeconds, long peakBytes) {
        return new ResourceUsage(Duration.ofSeconds(10), Map.of("order-command", suiteCpuSeconds,
                ResourceUsage.LOAD_GENERATOR, 50.0), peakBytes, Set.of());
    }

    private static Optional<LatencySummary> latencies(long p50Millis, long p99Millis) {
        return Optional.of(new LatencySummary(100, Duration.ofMillis(p50Millis), Duration.ofMillis(p50Millis * 2),
                Duration.ofMillis(p99Millis), Duration.ofMillis(p99Millis * 2)));
    }
}
