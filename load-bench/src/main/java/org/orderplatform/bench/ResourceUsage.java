package org.orderplatform.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The CPU each process used over a window and the suite's peak resident memory in it, from readings taken about
 * once a second. CPU is shared out between readings in proportion to time, so a window need not start or end on a
 * reading.
 *
 * @param cpuSeconds CPU seconds by process, in the order of the readings, the load generator's included
 * @param peakResidentBytes the most the suite's processes (not the load generator) held resident together
 * @param restarted processes whose pid changed within the window: their CPU counts from their first reading after
 */
record ResourceUsage(Duration window, Map<String, Double> cpuSeconds, long peakResidentBytes, Set<String> restarted) {

    /** The readings of every process, taken at one instant. */
    record Sample(Instant at, Map<String, ProcFiles.Reading> readings) {
    }

    static final String LOAD_GENERATOR = "load-bench";

    static ResourceUsage of(List<Sample> samples, Instant from, Instant to, long ticksPerSecond) {
        Map<String, Double> cpuSeconds = new LinkedHashMap<>();
        Set<String> restarted = new TreeSet<>();
        samples.forEach(sample -> sample.readings().keySet().forEach(name -> cpuSeconds.putIfAbsent(name, 0.0)));
        for (int i = 1; i < samples.size(); i++) {
            Sample earlier = samples.get(i - 1);
            Sample later = samples.get(i);
            double share = shareInside(earlier.at(), later.at(), from, to);
            if (share == 0) {
                continue;
            }
            later.readings().forEach((name, now) -> {
                ProcFiles.Reading before = earlier.readings().get(name);
                if (before == null) {
                    return;
                }
                if (before.pid() != now.pid()) {
                    restarted.add(name);
                    return;
                }
                cpuSeconds.merge(name, share * (now.cpuTicks() - before.cpuTicks()) / ticksPerSecond, Double::sum);
            });
        }
        return new ResourceUsage(Duration.between(from, to), cpuSeconds, peakResident(samples, from, to), restarted);
    }

    /** The CPU seconds of the suite's processes together, the load generator left out. */
    double suiteCpuSeconds() {
        return cpuSeconds.entrySet().stream()
                .filter(entry -> !entry.getKey().equals(LOAD_GENERATOR))
                .mapToDouble(Map.Entry::getValue)
                .sum();
    }

    /** The fraction of the span between two readings that lies inside the window. */
    private static double shareInside(Instant start, Instant end, Instant from, Instant to) {
        long span = Duration.between(start, end).toNanos();
        Instant overlapStart = start.isAfter(from) ? start : from;
        Instant overlapEnd = end.isBefore(to) ? end : to;
        long overlap = Duration.between(overlapStart, overlapEnd).toNanos();
        return span <= 0 || overlap <= 0 ? 0 : (double) overlap / span;
    }

    /** Over the readings inside the window, or the one nearest its end when none falls inside. */
    private static long peakResident(List<Sample> samples, Instant from, Instant to) {
        List<Sample> inside = samples.stream()
                .filter(sample -> !sample.at().isBefore(from) && !sample.at().isAfter(to))
                .toList();
        List<Sample> considered = !inside.isEmpty() ? inside : samples.stream()
                .min(Comparator.comparing(sample -> Duration.between(sample.at(), to).abs()))
                .map(List::of)
                .orElse(List.of());
        return considered.stream().mapToLong(ResourceUsage::suiteResidentBytes).max().orElse(0);
    }

    private static long suiteResidentBytes(Sample sample) {
        return sample.readings().entrySet().stream()
                .filter(entry -> !entry.getKey().equals(LOAD_GENERATOR))
                .mapToLong(entry -> entry.getValue().residentBytes())
                .sum();
    }
}
