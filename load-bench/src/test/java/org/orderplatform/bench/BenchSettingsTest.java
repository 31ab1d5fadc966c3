package org.orderplatform.bench;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BenchSettingsTest {

    @Test
    void withoutArgumentsItIsAHundredOrdersPerSecondForAMinuteAfterHalfAMinuteOfWarmUp() {
        BenchSettings settings = BenchSettings.parse(List.of(), Map.of(), new Properties());

        assertThat(settings.rates()).containsExactly(100);
        assertThat(settings.measured()).isEqualTo(Duration.ofSeconds(60));
        assertThat(settings.warmUp()).isEqualTo(Duration.ofSeconds(30));
        assertThat(settings.entry()).isEqualTo(BenchSettings.Entry.GATEWAY);
        assertThat(settings.samplings()).isEmpty();
    }

    @Test
    void comparesOneInstanceOfEachServiceOnlyWhenAskedAndNotBesideSamplings() {
        assertThat(BenchSettings.parse(List.of(), Map.of(), new Properties()).scaleIn()).isFalse();
        assertThat(BenchSettings.parse(List.of(), Map.of("BENCH_SCALE_IN", "true"), new Properties()).scaleIn())
                .isTrue();
        assertThatThrownBy(() -> BenchSettings.parse(List.of(), Map.of("BENCH_SCALE_IN", "yes"), new Properties()))
                .hasMessageContaining("BENCH_SCALE_IN must be true or false");
        assertThatThrownBy(() -> BenchSettings.parse(List.of(),
                Map.of("BENCH_SCALE_IN", "true", "BENCH_TRACING_SAMPLING", "0.1"), new Properties()))
                .hasMessageContaining("one thing at a time");
    }

    @Test
    void tracingSamplingsToCompareAreProbabilitiesFromZeroToOne() {
        BenchSettings settings = BenchSettings.parse(List.of(),
                Map.of("BENCH_TRACING_SAMPLING", "1.0, 0.1,0"), new Properties());

        assertThat(settings.samplings()).containsExactly("1.0", "0.1", "0");
        for (String refused : List.of("1.5", "-0.1", "all", "0.1,0.1")) {
            assertThatThrownBy(() -> BenchSettings.parse(List.of(), Map.of("BENCH_TRACING_SAMPLING", refused),
                    new Properties())).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("BENCH_TRACING_SAMPLING");
        }
    }

    @Test
    void ordersGoAroundTheGatewayToOrderCommandWhenAsked() {
        BenchSettings settings = BenchSettings.parse(List.of(), Map.of("BENCH_ENTRY", "order-command"), new Properties());

        assertThat(settings.entry().url).isEqualTo("http://localhost:8081");
        assertThatThrownBy(() -> BenchSettings.parse(List.of(), Map.of("BENCH_ENTRY", "catalog"), new Properties()))
                .hasMessage("BENCH_ENTRY must be gateway or order-command, was 'catalog'");
    }

    @Test
    void ratesAreACommaListAndSecondsFollow() {
        BenchSettings settings = BenchSettings.parse(List.of("20, 50,100", "45"), Map.of(), new Properties());

        assertThat(settings.rates()).containsExactly(20, 50, 100);
        assertThat(settings.measured()).isEqualTo(Duration.ofSeconds(45));
    }

    @Test
    void theWarmUpAndTheRunDirectoryComeFromTheEnvironmentUnlessASystemPropertySaysOtherwise() {
        Map<String, String> environment = Map.of("BENCH_WARMUP", "5", "SUITE_RUN_DIR", "/tmp/suite-run");
        Properties properties = new Properties();

        BenchSettings fromEnvironment = BenchSettings.parse(List.of("10", "10"), environment, properties);
        properties.setProperty("bench.warmup", "0");
        properties.setProperty("suite.runDir", "/srv/run");
        BenchSettings fromProperties = BenchSettings.parse(List.of("10", "10"), environment, properties);

        assertThat(fromEnvironment.warmUp()).isEqualTo(Duration.ofSeconds(5));
        assertThat(fromEnvironment.runDir()).isEqualTo(Path.of("/tmp/suite-run"));
        assertThat(fromProperties.warmUp()).isZero();
        assertThat(fromProperties.runDir()).isEqualTo(Path.of("/srv/run"));
    }

    @Test
    void aRateThatIsNotAPositiveWholeNumberIsRefused() {
        assertThatThrownBy(() -> BenchSettings.parse(List.of("20,fast"), Map.of(), new Properties()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a rate must be a whole number, was 'fast'");
        assertThatThrownBy(() -> BenchSettings.parse(List.of("0"), Map.of(), new Properties()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a rate must be above 0, was 0");
    }

    @Test
    void aNegativeWarmUpIsRefused() {
        assertThatThrownBy(() -> BenchSettings.parse(List.of(), Map.of("BENCH_WARMUP", "-1"), new Properties()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the warm-up must not be negative, was -1");
    }
}
