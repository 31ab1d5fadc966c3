package org.orderplatform.axonserver.api;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.orderplatform.axonserver.support.Http;
import org.orderplatform.axonserver.support.ServerPerClass;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With an access token set, it stands for an operator on the HTTP port: the JSON API and the dashboard's pages answer
 * requests that carry it, with no CSRF token needed; health and metrics stay open, health's details with the token.
 */
class AccessTokenApiIT {

    private static final String TOKEN = "http-s3cret";

    @RegisterExtension
    static final ServerPerClass SERVER = new ServerPerClass(Map.of("axonserver.access-token", TOKEN));

    private Http http() {
        return new Http(SERVER.get().httpPort());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/v1/status", "/v1/events", "/v1/aggregates/order-1", "/v1/journey/order-1",
            "/v1/applications", "/v1/instructions", "/%761/status"})
    void refusesTheJsonApiWithoutTheToken(String path) {
        assertUnauthorized(http().get(path), "or this server's access token (AxonIQ-Access-Token)");
    }

    @Test
    void refusesAnInstructionWithoutTheToken() {
        assertUnauthorized(http().post("/v1/processors/summary/pause?clientId=orders-1"),
                "or this server's access token (AxonIQ-Access-Token)");
    }

    @Test
    void refusesAWrongTokenOfTheSameLength() {
        assertUnauthorized(http().withAccessToken("http-s3creT").get("/v1/events"),
                "does not hold this server's access token");
    }

    @Test
    void answersTheJsonApiWithTheToken() {
        Http.Response status = http().withAccessToken(TOKEN).get("/v1/status");

        assertThat(status.status()).as(status.body()).isEqualTo(200);
        assertThat(status.json().get("name").asText()).isEqualTo("axonserver");
        assertThat(http().withAccessToken(TOKEN).get("/v1/events").status()).isEqualTo(200);
    }

    @Test
    void anInstructionWithTheTokenNeedsNoCsrfToken() {
        Http.Response instruction = http().withAccessToken(TOKEN).post("/v1/processors/summary/pause?clientId=nobody");

        assertThat(instruction.status()).as(instruction.body()).isEqualTo(404);
        assertThat(instruction.json().get("detail").asText()).contains("No client 'nobody'");
    }

    @Test
    void opensTheDashboardsPagesWithTheToken() {
        assertThat(http().withAccessToken(TOKEN).get("/dashboard/").status()).isEqualTo(200);
        assertThat(http().get("/dashboard/").status()).isEqualTo(302);
    }

    @Test
    void keepsHealthAndMetricsOpenButShowsHealthDetailsOnlyWithTheToken() {
        Http.Response health = http().get("/actuator/health");
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.json().get("status").asText()).isEqualTo("UP");
        assertThat(health.json().has("components")).as(health.body()).isFalse();

        JsonNode detailed = http().withAccessToken(TOKEN).get("/actuator/health").json();
        assertThat(detailed.get("components").get("store").get("status").asText()).isEqualTo("UP");

        Http.Response prometheus = http().get("/actuator/prometheus");
        assertThat(prometheus.status()).isEqualTo(200);
        assertThat(prometheus.body()).contains("axonserver_events_head");
    }

    private static void assertUnauthorized(Http.Response response, String detail) {
        assertThat(response.status()).as(response.body()).isEqualTo(401);
        assertThat(response.contentType()).isEqualTo("application/problem+json");
        JsonNode problem = response.json();
        assertThat(problem.get("status").asInt()).isEqualTo(401);
        assertThat(problem.get("title").asText()).isEqualTo("Unauthorized");
        assertThat(problem.get("detail").asText()).contains(detail);
    }
}
