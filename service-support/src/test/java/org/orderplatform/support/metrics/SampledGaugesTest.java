package org.orderplatform.support.metrics;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class SampledGaugesTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final SampledGauges gauges = new SampledGauges(registry);

    @Test
    void aScrapeReadsTheLastSampleWithoutRunningTheQuery() {
        AtomicInteger queries = new AtomicInteger();
        gauges.gauge("open.things", "Things open", null, queries::incrementAndGet);

        assertThat(registry.get("open.things").gauge().value()).isNaN();
        gauges.sampleAll();
        gauges.sampleAll();

        assertThat(registry.get("open.things").gauge().value()).isEqualTo(2);
        assertThat(registry.get("open.things").gauge().value()).isEqualTo(2);
        assertThat(queries.get()).isEqualTo(2);
    }

    @Test
    void aFailedSampleLeavesNoValueUntilOneSucceedsAgain() {
        AtomicBoolean databaseAway = new AtomicBoolean(false);
        gauges.gauge("oldest.age", "Age of the oldest", "seconds", () -> {
            if (databaseAway.get()) {
                throw new IllegalStateException("no server to talk to");
            }
            return 42;
        });
        gauges.sampleAll();
        assertThat(registry.get("oldest.age").gauge().value()).isEqualTo(42);

        databaseAway.set(true);
        gauges.sampleAll();
        assertThat(registry.get("oldest.age").gauge().value()).isNaN();

        databaseAway.set(false);
        gauges.sampleAll();
        assertThat(registry.get("oldest.age").gauge().value()).isEqualTo(42);
        assertThat(registry.get("oldest.age").gauge().getId().getBaseUnit()).isEqualTo("seconds");
    }

    @Test
    void aFamilyByTagIsSampledByOneQueryAndAValueItLeavesOutIsZero() {
        AtomicInteger queries = new AtomicInteger();
        gauges.gauges("things.by.state", "Things by state", "state", List.of("new", "old"), () -> {
            queries.incrementAndGet();
            return Map.of("new", 3);
        });

        gauges.sampleAll();

        assertThat(registry.get("things.by.state").tag("state", "new").gauge().value()).isEqualTo(3);
        assertThat(registry.get("things.by.state").tag("state", "old").gauge().value()).isZero();
        assertThat(queries.get()).isEqualTo(1);
    }

    @Test
    void aFamilyWhoseSampleFailsIsLeftWithoutValues() {
        gauges.gauges("things.by.state", "Things by state", "state", List.of("new"), () -> {
            throw new IllegalStateException("no server to talk to");
        });

        gauges.sampleAll();

        assertThat(registry.get("things.by.state").tag("state", "new").gauge().value()).isNaN();
    }

    @Test
    void oneFailingGaugeDoesNotKeepTheOthersFromTheirSamples() {
        gauges.gauge("failing", "Always fails", null, () -> {
            throw new IllegalStateException("broken");
        });
        gauges.gauge("working", "Always 7", null, () -> 7);

        gauges.sampleAll();

        assertThat(registry.get("failing").gauge().value()).isNaN();
        assertThat(registry.get("working").gauge().value()).isEqualTo(7);
    }
}
