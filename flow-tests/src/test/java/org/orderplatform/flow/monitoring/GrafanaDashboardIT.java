package org.orderplatform.flow.monitoring;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.orderplatform.flow.InstalledTool;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Grafana that docker-compose.yml runs: its dashboard's every query is PromQL that Prometheus's own
 * {@code promtool} accepts, on the one provisioned data source, covering what an operator watches; and only operators
 * get in, through Keycloak. Grafana itself does not run here; SuiteEndToEndIT checks that every metric the dashboard
 * reads is one the running suite exposes.
 */
class GrafanaDashboardIT {

    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
    private static final Path GRAFANA = ROOT.resolve("grafana");
    private static final Path DASHBOARD = GRAFANA.resolve("dashboards/order-platform.json");
    private static final YAMLMapper YAML = new YAMLMapper();

    @Test
    void promtoolAcceptsEveryQueryOfTheDashboard(@TempDir Path work) throws IOException {
        List<GrafanaDashboards.Query> queries = GrafanaDashboards.queries(DASHBOARD);

        InstalledTool.Result checked = checkAsRules(queries, work);

        assertThat(queries).hasSizeGreaterThan(10);
        assertThat(checked.exitCode()).as("promtool check rules says:%n%s", checked.output()).isZero();
        assertThat(checked.output()).contains("SUCCESS: " + queries.size() + " rules found");
    }

    @Test
    void aQueryThatDoesNotParseIsRefused(@TempDir Path work) {
        List<GrafanaDashboards.Query> queries = new ArrayList<>(GrafanaDashboards.queries(DASHBOARD));
        GrafanaDashboards.Query first = queries.get(0);
        queries.set(0, new GrafanaDashboards.Query(first.panel(), first.refId(), first.expression().replace("[5m]", "[5m")));

        InstalledTool.Result checked = checkAsRules(queries, work);

        assertThat(checked.exitCode()).isNotZero();
        assertThat(checked.output()).contains("dashboard:panel_1:A");
    }

    @Test
    void theDashboardShowsWhatAnOperatorWatches() {
        assertThat(GrafanaDashboards.metricsNamed(DASHBOARD)).contains(
                "orders_outcomes_total", "http_server_requests_seconds_bucket", "orders_sagas_open",
                "orders_sagas_oldest_age_seconds", "orders_pending_oldest_age_seconds", "eventProcessor_latency",
                "kafka_consumer_fetch_manager_records_lag", "notification_dead_letters",
                "resilience4j_circuitbreaker_state", "notification_emails_delay_seconds_bucket");
    }

    @Test
    void everyPanelQueriesTheProvisionedPrometheusAndComposeMountsItAll() throws IOException {
        JsonNode source = YAML.readTree(GRAFANA.resolve("provisioning/datasources/prometheus.yml").toFile())
                .at("/datasources/0");
        JsonNode provider = YAML.readTree(GRAFANA.resolve("provisioning/dashboards/order-platform.yml").toFile())
                .at("/providers/0");
        JsonNode grafana = compose().at("/services/grafana");
        List<String> mounts = texts(grafana.get("volumes"));

        assertThat(source.get("url").asText()).isEqualTo("http://prometheus:9090");
        GrafanaDashboards.read(DASHBOARD).get("panels").forEach(panel -> {
            assertThat(panel.at("/datasource/uid").asText()).as(panel.get("title").asText())
                    .isEqualTo(source.get("uid").asText());
            panel.get("targets").forEach(target -> assertThat(target.at("/datasource/uid").asText())
                    .isEqualTo(source.get("uid").asText()));
        });
        assertThat(mounts).contains("./grafana/provisioning:/etc/grafana/provisioning:ro",
                "./grafana/dashboards:" + provider.at("/options/path").asText() + ":ro");
    }

    @Test
    void onlyOperatorsSignInAndOnlyThroughKeycloak() throws IOException {
        JsonNode grafana = compose().at("/services/grafana");
        JsonNode environment = grafana.get("environment");
        JsonNode client = realmClient("grafana");
        JsonNode rolesMapper = StreamSupport.stream(client.get("protocolMappers").spliterator(), false)
                .filter(mapper -> mapper.at("/config/claim.name").asText().equals("roles")).findFirst().orElseThrow();

        assertThat(texts(grafana.get("ports"))).allMatch(port -> port.startsWith("127.0.0.1:"), "on loopback only");
        assertThat(environment.get("GF_AUTH_DISABLE_LOGIN_FORM").asText()).isEqualTo("true");
        assertThat(environment.get("GF_AUTH_BASIC_ENABLED").asText()).isEqualTo("false");
        assertThat(environment.get("GF_AUTH_ANONYMOUS_ENABLED").asText()).isEqualTo("false");
        assertThat(environment.get("GF_AUTH_GENERIC_OAUTH_ROLE_ATTRIBUTE_STRICT").asText()).isEqualTo("true");
        assertThat(environment.get("GF_AUTH_GENERIC_OAUTH_ROLE_ATTRIBUTE_PATH").asText())
                .isEqualTo("contains(roles[*], 'operator') && 'Admin'");
        assertThat(environment.get("GF_AUTH_GENERIC_OAUTH_CLIENT_SECRET").asText()).isEqualTo(client.get("secret").asText());
        assertThat(client.get("redirectUris").get(0).asText())
                .isEqualTo(environment.get("GF_SERVER_ROOT_URL").asText() + "/login/generic_oauth");
        // Grafana reads the role from the ID token or the userinfo answer.
        assertThat(rolesMapper.at("/config/id.token.claim").asText()).isEqualTo("true");
        assertThat(rolesMapper.at("/config/userinfo.token.claim").asText()).isEqualTo("true");
    }

    /** Each query as a recording rule: {@code promtool check rules} then parses every expression. */
    private static InstalledTool.Result checkAsRules(List<GrafanaDashboards.Query> queries, Path work) {
        List<Map<String, String>> rules = new ArrayList<>();
        List<String> panels = new ArrayList<>();
        for (GrafanaDashboards.Query query : queries) {
            if (!panels.contains(query.panel())) {
                panels.add(query.panel());
            }
            rules.add(Map.of("record", "dashboard:panel_" + panels.size() + ":" + query.refId(),
                    "expr", query.expression()));
        }
        try {
            YAML.writeValue(work.resolve("queries.yml").toFile(),
                    Map.of("groups", List.of(Map.of("name", "dashboard", "rules", rules))));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return InstalledTool.installed("promtool", "promtool is not installed: run scripts/install-test-tools.sh")
                .run(work, "check", "rules", "queries.yml");
    }

    private static JsonNode compose() throws IOException {
        return YAML.readTree(ROOT.resolve("docker-compose.yml").toFile());
    }

    private static JsonNode realmClient(String clientId) throws IOException {
        JsonNode realm = JsonMapper.builder().build().readTree(ROOT.resolve("signin/compose/orderplatform-realm.json").toFile());
        return StreamSupport.stream(realm.get("clients").spliterator(), false)
                .filter(client -> client.get("clientId").asText().equals(clientId)).findFirst().orElseThrow();
    }

    private static List<String> texts(JsonNode list) {
        List<String> texts = new ArrayList<>();
        list.forEach(item -> texts.add(item.asText()));
        return texts;
    }
}
