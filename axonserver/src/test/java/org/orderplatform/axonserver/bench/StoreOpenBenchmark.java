package org.orderplatform.axonserver.bench;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.orderplatform.axonserver.store.EventStorage;
import org.springframework.util.FileSystemUtils;
import org.springframework.util.unit.DataSize;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * How long a store takes to open and how much heap its indexes keep, by size: each store is filled with orders of five
 * events ({@link LargeStoreBenchmark}'s), closed, and opened again, which rebuilds every index by reading every
 * segment. Not a test; run with
 * {@code mvn -q -pl axonserver -Pbench test-compile exec:java -Dexec.mainClass=org.orderplatform.axonserver.bench.StoreOpenBenchmark}
 * and {@code -Dbench.open.events=1000000,10000000} (the default), in a JVM whose heap holds the largest.
 */
public final class StoreOpenBenchmark {

    private static final DataSize NO_FLOOR = DataSize.ofBytes(0);

    private StoreOpenBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int[] sizes = Arrays.stream(System.getProperty("bench.open.events", "1000000,10000000").split(","))
                .mapToInt(Integer::parseInt).toArray();
        System.out.printf("%-14s %10s %10s %14s %18s%n", "events", "on disk", "open", "index heap", "heap per order");
        for (int events : sizes) {
            Path data = Files.createTempDirectory("axonserver-open");
            try {
                fill(data, events);
                long heapBefore = LargeStoreBenchmark.usedHeap();
                long started = System.nanoTime();
                try (EventStorage opened = EventStorage.open("default", data, new SimpleMeterRegistry(), NO_FLOOR)) {
                    long openMillis = (System.nanoTime() - started) / 1_000_000;
                    long indexHeap = LargeStoreBenchmark.usedHeap() - heapBefore;
                    System.out.printf("%,14d %7d MB %7.1f s %11d MB %15d B%n", opened.eventCount(),
                            opened.storageSizeBytes() >> 20, openMillis / 1000.0, indexHeap >> 20,
                            indexHeap / (events / 5));
                }
            } finally {
                FileSystemUtils.deleteRecursively(data);
            }
        }
    }

    /** In a frame of its own, so that nothing of the filling store stays reachable while the opened one is measured. */
    private static void fill(Path data, int events) throws Exception {
        try (EventStorage filling = EventStorage.open("default", data, new SimpleMeterRegistry(), NO_FLOOR)) {
            LargeStoreBenchmark.fill(filling, events);
        }
    }
}
