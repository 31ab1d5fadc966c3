package org.orderplatform.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * What one rate's run measured and what its audit found. Latencies and CPU are of the measured orders, those whose
 * users started after the warm-up.
 *
 * @param variant what the run compared, when it compared anything: the tracing sampling the traced services ran at
 *                ({@code sampling 0.1}) or the instances that ran ({@code one instance each}); else null
 * @param retried orders that took more than one try to get their 201
 * @param unanswered users that got no 201 in any try, warm-up included
 * @param accepted intended send → 201
 * @param confirmed intended send → the CONFIRMED entry of the order's history
 * @param firstEmail intended send → the first email sent about the order
 * @param report Gatling's HTML report of the run
 */
record RateResult(int rate, String variant, Duration measured, int measuredOrders, int warmUpOrders, int retried, int unanswered,
                  Optional<LatencySummary> accepted, Optional<LatencySummary> confirmed,
                  Optional<LatencySummary> firstEmail, ResourceUsage usage, AuditVerdict audit, Path report) {

    /** What this result's column is called: the rate, and what it ran with, if the run compared anything. */
    String label() {
        return rate + " orders/s" + (variant == null ? "" : ", " + variant);
    }

    double achievedRate() {
        return measuredOrders / (measured.toMillis() / 1000.0);
    }

    /** Of the process, or of all instances of the service ({@code order-command}, {@code order-command-2}, ...). */
    double cpuMillisPerOrder(String process) {
        return perOrder(usage.cpuSeconds().entrySet().stream()
                .filter(used -> SuiteSampler.isInstanceOf(used.getKey(), process))
                .mapToDouble(Map.Entry::getValue)
                .sum());
    }

    double suiteCpuMillisPerOrder() {
        return perOrder(usage.suiteCpuSeconds());
    }

    private double perOrder(double cpuSeconds) {
        return measuredOrders == 0 ? Double.NaN : cpuSeconds * 1000 / measuredOrders;
    }
}
