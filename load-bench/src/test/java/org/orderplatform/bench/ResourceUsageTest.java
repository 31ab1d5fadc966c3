package org.orderplatform.bench;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ResourceUsageTest {

    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    private static final long TICKS_PER_SECOND = 100;
    private static final long MIB = 1024 * 1024;

    @Test
    void cpuBetweenTwoReadingsIsSharedOutByTheTimeInsideTheWindow() {
        List<ResourceUsage.Sample> samples = List.of(
                sample(0, reading("catalog", 1, 0, 100)),
                sample(1, reading("catalog", 1, 100, 100)),
                sample(2, reading("catalog", 1, 300, 100)),
                sample(3, reading("catalog", 1, 1000, 100)));

        ResourceUsage usage = ResourceUsage.of(samples, at(0.5), at(2), TICKS_PER_SECOND);

        // half of the first second's 100 ticks, all of the second's 200, none of the third's
        assertThat(usage.cpuSeconds().get("catalog")).isCloseTo(2.5, within(1e-9));
        assertThat(usage.window()).isEqualTo(Duration.ofMillis(1500));
        assertThat(usage.restarted()).isEmpty();
    }

    @Test
    void aRestartedProcessCountsFromItsFirstReadingAfterTheRestart() {
        List<ResourceUsage.Sample> samples = List.of(
                sample(0, reading("payment", 11, 5_000, 100)),
                sample(1, reading("payment", 11, 5_100, 100)),
                sample(2, reading("payment", 42, 300, 100)),
                sample(3, reading("payment", 42, 350, 100)));

        ResourceUsage usage = ResourceUsage.of(samples, at(0), at(3), TICKS_PER_SECOND);

        assertThat(usage.cpuSeconds().get("payment")).isCloseTo(1.0 + 0.5, within(1e-9));
        assertThat(usage.restarted()).containsExactly("payment");
    }

    @Test
    void theSuitesCpuLeavesTheLoadGeneratorOut() {
        List<ResourceUsage.Sample> samples = List.of(
                sample(0, reading("catalog", 1, 0, 100), reading("order-command", 2, 0, 100),
                        reading(ResourceUsage.LOAD_GENERATOR, 3, 0, 100)),
                sample(1, reading("catalog", 1, 40, 100), reading("order-command", 2, 60, 100),
                        reading(ResourceUsage.LOAD_GENERATOR, 3, 500, 100)));

        ResourceUsage usage = ResourceUsage.of(samples, at(0), at(1), TICKS_PER_SECOND);

        assertThat(usage.suiteCpuSeconds()).isCloseTo(1.0, within(1e-9));
        assertThat(usage.cpuSeconds()).containsKeys("catalog", "order-command", ResourceUsage.LOAD_GENERATOR);
        assertThat(usage.cpuSeconds().get(ResourceUsage.LOAD_GENERATOR)).isCloseTo(5.0, within(1e-9));
    }

    @Test
    void peakResidentMemoryIsTheLargestSumOfTheSuitesProcessesAtOneReadingInsideTheWindow() {
        List<ResourceUsage.Sample> samples = List.of(
                sample(0, reading("catalog", 1, 0, 900), reading("payment", 2, 0, 900)),
                sample(1, reading("catalog", 1, 0, 300), reading("payment", 2, 0, 200)),
                sample(2, reading("catalog", 1, 0, 250), reading("payment", 2, 0, 400),
                        reading(ResourceUsage.LOAD_GENERATOR, 3, 0, 5_000)),
                sample(3, reading("catalog", 1, 0, 700), reading("payment", 2, 0, 100)),
                sample(4, reading("catalog", 1, 0, 2_000), reading("payment", 2, 0, 2_000)));

        ResourceUsage usage = ResourceUsage.of(samples, at(1), at(3), TICKS_PER_SECOND);

        assertThat(usage.peakResidentBytes()).isEqualTo(800 * MIB);
    }

    @Test
    void aWindowBetweenTwoReadingsTakesTheMemoryOfTheReadingNearestItsEnd() {
        List<ResourceUsage.Sample> samples = List.of(
                sample(0, reading("catalog", 1, 0, 100)),
                sample(1, reading("catalog", 1, 80, 300)));

        ResourceUsage usage = ResourceUsage.of(samples, at(0.2), at(0.7), TICKS_PER_SECOND);

        assertThat(usage.peakResidentBytes()).isEqualTo(300 * MIB);
        assertThat(usage.cpuSeconds().get("catalog")).isCloseTo(0.4, within(1e-9));
    }

    @SafeVarargs
    private static ResourceUsage.Sample sample(double second, Map.Entry<String, ProcFiles.Reading>... readings) {
        Map<String, ProcFiles.Reading> byName = new LinkedHashMap<>();
        for (Map.Entry<String, ProcFiles.Reading> reading : readings) {
            byName.put(reading.getKey(), reading.getValue());
        }
        return new ResourceUsage.Sample(at(second), byName);
    }

    private static Map.Entry<String, ProcFiles.Reading> reading(String name, long pid, long cpuTicks, long residentMib) {
        return Map.entry(name, new ProcFiles.Reading(pid, cpuTicks, residentMib * MIB));
    }

    private static Instant at(double second) {
        return T0.plusNanos(Math.round(second * 1e9));
    }
}
