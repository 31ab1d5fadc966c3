package org.orderplatform.axonserver.platform;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/** Routed message counts and latencies per message name since the server started, for the dashboard. */
public final class MessageStatistics {

    private final ConcurrentMap<String, Counters> byName = new ConcurrentHashMap<>();

    /**
     * Records one routed message.
     *
     * @param name      the command or query name
     * @param succeeded whether the handler answered without an error
     * @param nanos     time from receiving the message to the final answer
     */
    public void record(String name, boolean succeeded, long nanos) {
        Counters counters = byName.computeIfAbsent(name, n -> new Counters());
        counters.count.increment();
        if (!succeeded) {
            counters.failures.increment();
        }
        counters.totalNanos.add(nanos);
        counters.maxNanos.accumulateAndGet(nanos, Math::max);
    }

    /** The statistics per name, sorted by name. */
    public List<Snapshot> snapshot() {
        return byName.entrySet().stream()
                .map(entry -> entry.getValue().snapshot(entry.getKey()))
                .sorted(Comparator.comparing(Snapshot::name))
                .toList();
    }

    /**
     * The statistics of one message name.
     *
     * @param name        the command or query name
     * @param count       messages routed with a final answer
     * @param failures    of which answered with an error
     * @param meanLatency mean time to the final answer
     * @param maxLatency  longest time to the final answer
     */
    public record Snapshot(String name, long count, long failures, Duration meanLatency, Duration maxLatency) {
    }

    private static final class Counters {
        private final LongAdder count = new LongAdder();
        private final LongAdder failures = new LongAdder();
        private final LongAdder totalNanos = new LongAdder();
        private final AtomicLong maxNanos = new AtomicLong();

        private Snapshot snapshot(String name) {
            long n = count.sum();
            long mean = n == 0 ? 0 : totalNanos.sum() / n;
            return new Snapshot(name, n, failures.sum(), Duration.ofNanos(mean), Duration.ofNanos(maxNanos.get()));
        }
    }
}
