package org.orderplatform.bench;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The median, 90th and 99th percentiles and the maximum of a set of latencies. Percentiles are by nearest rank, so
 * each one is a latency that was measured, never an interpolation between two.
 */
record LatencySummary(int count, Duration p50, Duration p90, Duration p99, Duration max) {

    /** Empty when there is nothing to summarize. */
    static Optional<LatencySummary> of(Collection<Duration> latencies) {
        if (latencies.isEmpty()) {
            return Optional.empty();
        }
        List<Duration> sorted = latencies.stream().sorted().toList();
        return Optional.of(new LatencySummary(sorted.size(), percentile(sorted, 50), percentile(sorted, 90),
                percentile(sorted, 99), sorted.get(sorted.size() - 1)));
    }

    /** The smallest latency that at least {@code percent} % of the (sorted, non-empty) latencies do not exceed. */
    static Duration percentile(List<Duration> sorted, double percent) {
        int rank = (int) Math.ceil(percent / 100 * sorted.size());
        return sorted.get(Math.max(rank, 1) - 1);
    }
}
