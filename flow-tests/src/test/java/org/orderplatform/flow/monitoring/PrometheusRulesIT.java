package org.orderplatform.flow.monitoring;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.orderplatform.flow.InstalledTool;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The alert rules of {@code prometheus/alerts.yml}, checked by Prometheus's own {@code promtool}: they parse, each
 * fires on its synthetic series and stays quiet without it ({@code alerts-test.yml}), and the Prometheus of
 * docker-compose.yml loads them. Each check is also shown to fail on rules broken in its way.
 */
class PrometheusRulesIT {

    /** Failsafe runs in the module's directory, flow-tests; the project is its parent. */
    private static final Path PROMETHEUS = Path.of("").toAbsolutePath().getParent().resolve("prometheus");
    private static final String NOT_INSTALLED = "promtool is not installed: run scripts/install-test-tools.sh";
    private static final YAMLMapper YAML = new YAMLMapper();

    private static InstalledTool promtool() {
        return InstalledTool.installed("promtool", NOT_INSTALLED);
    }

    @Test
    void promtoolAcceptsTheRules() {
        InstalledTool.Result checked = promtool().run(PROMETHEUS, "check", "rules", "alerts.yml");

        assertThat(checked.exitCode()).as("promtool check rules says:%n%s", checked.output()).isZero();
        assertThat(checked.output()).contains("SUCCESS: " + alertsDefined().size() + " rules found");
    }

    @Test
    void everyAlertFiresOnItsSyntheticSeriesAndStaysQuietWithout() {
        InstalledTool.Result tested = promtool().run(PROMETHEUS, "test", "rules", "alerts-test.yml");

        assertThat(tested.exitCode()).as("promtool test rules says:%n%s", tested.output()).isZero();
        assertThat(alertsTested()).containsExactlyInAnyOrderElementsOf(alertsDefined());
    }

    @Test
    void composesPrometheusLoadsTheRules() throws IOException {
        JsonNode prometheus = YAML.readTree(PROMETHEUS.resolve("prometheus.yml").toFile());
        JsonNode compose = YAML.readTree(PROMETHEUS.getParent().resolve("docker-compose.yml").toFile());

        List<String> ruleFiles = new ArrayList<>();
        prometheus.get("rule_files").forEach(file -> ruleFiles.add(file.asText()));
        List<String> mounts = new ArrayList<>();
        compose.at("/services/prometheus/volumes").forEach(volume -> mounts.add(volume.asText()));

        assertThat(ruleFiles).containsExactly("/etc/prometheus/alerts.yml");
        assertThat(mounts).contains("./prometheus/alerts.yml:/etc/prometheus/alerts.yml:ro");
    }

    @Test
    void aRuleThatDoesNotParseIsRefused(@TempDir Path broken) throws IOException {
        Files.writeString(broken.resolve("alerts.yml"), Files.readString(PROMETHEUS.resolve("alerts.yml"))
                .replace("expr: up == 0", "expr: up == == 0"));

        InstalledTool.Result checked = promtool().run(broken, "check", "rules", "alerts.yml");

        assertThat(checked.exitCode()).isNotZero();
        assertThat(checked.output()).contains("parse error");
    }

    @Test
    void anAlertThatNoLongerFiresOnItsSeriesFailsItsTest(@TempDir Path broken) throws IOException {
        Files.writeString(broken.resolve("alerts.yml"), Files.readString(PROMETHEUS.resolve("alerts.yml"))
                .replace("(resilience4j_circuitbreaker_state{state=~\"open|forced_open\"}) == 1",
                        "(resilience4j_circuitbreaker_state{state=\"half_open\"}) == 1"));
        Files.copy(PROMETHEUS.resolve("alerts-test.yml"), broken.resolve("alerts-test.yml"));

        InstalledTool.Result tested = promtool().run(broken, "test", "rules", "alerts-test.yml");

        assertThat(tested.exitCode()).isNotZero();
        assertThat(tested.output()).contains("CircuitBreakerOpen");
    }

    @Test
    void theRulesReadTheMetricsTheirExpressionsSelect() {
        assertThat(AlertRules.metricsIn("max by (application, name) (resilience4j_circuitbreaker_state{state=~\"open\"})"
                + " == 1 and deriv(kafka_lag[5m]) > 1e3 unless up offset 5m"))
                .containsExactly("kafka_lag", "resilience4j_circuitbreaker_state", "up");
        assertThat(AlertRules.metricsNamed(PROMETHEUS.resolve("alerts.yml"))).contains(
                "up", "resilience4j_circuitbreaker_state", "eventProcessor_latency",
                "kafka_consumer_fetch_manager_records_lag_max", "notification_events_dead_lettered_total",
                "orders_pending_oldest_age_seconds", "orders_deadlines_overdue", "orders_sagas_oldest_age_seconds",
                "axonserver_store_writable");
    }

    private static List<String> alertsDefined() {
        List<String> alerts = new ArrayList<>();
        read("alerts.yml").get("groups").forEach(group -> group.get("rules")
                .forEach(rule -> alerts.add(rule.get("alert").asText())));
        return alerts;
    }

    /** The alerts the tests expect to fire at some point: a test that only proves silence does not count. */
    private static List<String> alertsTested() {
        List<String> alerts = new ArrayList<>();
        read("alerts-test.yml").get("tests").forEach(test -> test.get("alert_rule_test").forEach(check -> {
            if (check.has("exp_alerts") && !check.get("exp_alerts").isEmpty()
                    && !alerts.contains(check.get("alertname").asText())) {
                alerts.add(check.get("alertname").asText());
            }
        }));
        return alerts;
    }

    private static JsonNode read(String file) {
        try {
            return YAML.readTree(PROMETHEUS.resolve(file).toFile());
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + file, e);
        }
    }
}
