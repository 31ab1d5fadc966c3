package org.orderplatform.bench;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

class LatencySummaryTest {

    @Test
    void percentilesOfAHundredLatenciesAreTheirNearestRanks() {
        List<Duration> latencies = new ArrayList<>(LongStream.rangeClosed(1, 100).mapToObj(Duration::ofMillis).toList());
        Collections.shuffle(latencies, new Random(7));

        LatencySummary summary = LatencySummary.of(latencies).orElseThrow();

        assertThat(summary).isEqualTo(new LatencySummary(100, Duration.ofMillis(50), Duration.ofMillis(90),
                Duration.ofMillis(99), Duration.ofMillis(100)));
    }

    @Test
    void aPercentileIsAlwaysALatencyThatWasMeasured() {
        LatencySummary summary = LatencySummary.of(List.of(ms(30), ms(10), ms(20))).orElseThrow();

        assertThat(summary.p50()).isEqualTo(ms(20));
        assertThat(summary.p90()).isEqualTo(ms(30));
        assertThat(summary.p99()).isEqualTo(ms(30));
        assertThat(summary.max()).isEqualTo(ms(30));
    }

    @Test
    void theTailOfAThousandLatenciesShowsInTheNinetyNinthPercentileOnlyWhenItIsOneInAHundred() {
        List<Duration> latencies = new ArrayList<>(Collections.nCopies(990, ms(5)));
        latencies.addAll(Collections.nCopies(10, ms(800)));

        assertThat(LatencySummary.of(latencies).orElseThrow().p99()).isEqualTo(ms(5));

        latencies.set(0, ms(800));
        assertThat(LatencySummary.of(latencies).orElseThrow().p99()).isEqualTo(ms(800));
    }

    @Test
    void oneLatencyIsEveryPercentile() {
        assertThat(LatencySummary.of(List.of(ms(7))))
                .contains(new LatencySummary(1, ms(7), ms(7), ms(7), ms(7)));
    }

    @Test
    void nothingMeasuredHasNoSummary() {
        assertThat(LatencySummary.of(List.of())).isEmpty();
    }

    private static Duration ms(long millis) {
        return Duration.ofMillis(millis);
    }
}
