package org.orderplatform.axonserver.access;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.orderplatform.axonserver.EmbeddedAxonServer;
import org.orderplatform.axonserver.support.Http;
import org.orderplatform.axonserver.support.RawClient;
import org.orderplatform.axonserver.support.ServerPerClass;
import org.orderplatform.axonserver.support.SigninServer;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard and the JSON API are for operators of the real sign-in server: signed in through its form, or with
 * its access tokens; health and metrics stay open to probes, health's details to operators.
 */
class OperatorAccessIT {

    private static final String INSTRUCTION = "/v1/processors/summary/pause?clientId=nobody";

    @RegisterExtension
    static final ServerPerClass SERVER = new ServerPerClass(SigninServer.trusted());

    private Http http() {
        return new Http(SERVER.get().httpPort());
    }

    @Test
    void refusesTheJsonApiWithoutCredentials() {
        Http.Response status = http().get("/v1/status");

        assertProblem(status, 401, "Sign in as an operator, or send an access token of http://localhost:9000");
        assertThat(status.wwwAuthenticate()).startsWith("Bearer");
        assertProblem(http().post(INSTRUCTION), 401, "Sign in as an operator");
    }

    @Test
    void answersTheAccessTokensOfOperatorsAndServices() {
        assertThat(http().withBearer(SigninServer.operatorToken()).get("/v1/status").status()).isEqualTo(200);
        assertThat(http().withBearer(SigninServer.serviceToken()).get("/v1/events").status()).isEqualTo(200);
    }

    @Test
    void refusesACustomersAccessToken() {
        assertProblem(http().withBearer(SigninServer.token(SigninServer.CUSTOMER)).get("/v1/status"), 403,
                "GET /v1/status needs the operator role; alice has the roles [customer]");
    }

    @Test
    void refusesATokenTheSignInServerDidNotSign() {
        String operator = SigninServer.operatorToken();
        String forged = operator.substring(0, operator.lastIndexOf('.') + 1) + "c2lnbmVkIGJ5IG5vYm9keQ";

        assertProblem(http().withBearer(forged).get("/v1/status"), 401, "The bearer token was refused");
    }

    @Test
    void sendsABrowserWithoutASessionToSignIn() {
        Http.Response page = http().getPage("/dashboard/");
        assertThat(page.status()).isEqualTo(302);
        assertThat(page.location()).endsWith("/oauth2/authorization/signin");

        Http.Response authorization = http().getPage(URI.create(page.location()).getPath());
        assertThat(authorization.status()).isEqualTo(302);
        assertThat(authorization.location())
                .startsWith("http://localhost:")
                .contains("/oauth2/authorize?", "client_id=axon-dashboard", "scope=openid", "code_challenge=",
                        "redirect_uri=http://127.0.0.1:" + SERVER.get().httpPort() + "/login/oauth2/code/signin");
    }

    @Test
    void anOperatorSignedInThroughTheFormUsesTheDashboardAndTheApi() {
        Http session = Http.signIn(SERVER.get().httpPort(), SigninServer.OPERATOR);

        Http.Response page = session.getPage("/dashboard/");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("<script type=\"module\" src=\"js/app.js\"></script>");
        Http.Response status = session.get("/v1/status");
        assertThat(status.status()).as(status.body()).isEqualTo(200);
        assertThat(status.json().get("name").asText()).isEqualTo("axonserver");
    }

    @Test
    void aSessionsStateChangingCallNeedsTheCsrfToken() {
        Http session = Http.signIn(SERVER.get().httpPort(), SigninServer.OPERATOR);

        assertProblem(session.post(INSTRUCTION), 403, "POST from a signed-in session needs the X-XSRF-TOKEN header");
        // Past the CSRF check the API itself answers: there is no such client.
        assertProblem(session.withCsrfHeader().post(INSTRUCTION), 404, "No client 'nobody'");
    }

    @Test
    void accessTokensNeedNoCsrfToken() {
        assertProblem(http().withBearer(SigninServer.operatorToken()).post(INSTRUCTION), 404, "No client 'nobody'");
    }

    @Test
    void refusesASignedInCustomer() {
        Http session = Http.signIn(SERVER.get().httpPort(), SigninServer.CUSTOMER);

        assertProblem(session.get("/v1/status"), 403, "needs the operator role; alice has the roles [customer]");
        assertProblem(session.getPage("/dashboard/"), 403, "GET /dashboard/ needs the operator role");
    }

    @Test
    void keepsHealthAndMetricsOpenAndShowsHealthDetailsToOperatorsOnly() {
        Http.Response health = http().get("/actuator/health");
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.json().get("status").asText()).isEqualTo("UP");
        assertThat(health.json().has("components")).as(health.body()).isFalse();
        assertThat(http().get("/actuator/health/liveness").status()).isEqualTo(200);
        assertThat(http().withBearer(SigninServer.token(SigninServer.CUSTOMER)).get("/actuator/health").json()
                .has("components")).isFalse();

        JsonNode detailed = http().withBearer(SigninServer.operatorToken()).get("/actuator/health").json();
        assertThat(detailed.get("components").get("store").get("status").asText()).isEqualTo("UP");

        Http.Response prometheus = http().get("/actuator/prometheus");
        assertThat(prometheus.status()).isEqualTo(200);
        assertThat(prometheus.body()).contains("axonserver_events_head");
    }

    @Test
    void startsAndServesGrpcWhileTheSignInServerIsDownAndAnswersBearerTokensUnavailable(@TempDir Path dataDir)
            throws IOException {
        int nobodyListens;
        try (ServerSocket socket = new ServerSocket(0)) {
            nobodyListens = socket.getLocalPort();
        }
        String signinDown = "http://127.0.0.1:" + nobodyListens;
        try (EmbeddedAxonServer server = EmbeddedAxonServer.start(dataDir, 0, 0, Map.of(
                "axonserver.signin.url", signinDown, "axonserver.signin.jwk-set-uri", signinDown + "/oauth2/jwks"))) {
            try (RawClient client = new RawClient(server.grpcPort(), "probe", "probe-1")) {
                assertThat(client.lastToken()).isEqualTo(-1);
            }
            assertThat(new Http(server.httpPort()).get("/actuator/health").status()).isEqualTo(200);
            assertThat(new Http(server.httpPort()).get("/v1/status").status()).isEqualTo(401);
            Http.Response unchecked = new Http(server.httpPort()).withBearer(SigninServer.operatorToken())
                    .get("/v1/status");
            assertProblem(unchecked, 503, "the sign-in server's keys are out of reach");
        }
    }

    private static void assertProblem(Http.Response response, int status, String detail) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.contentType()).isEqualTo("application/problem+json");
        assertThat(response.json().get("status").asInt()).isEqualTo(status);
        assertThat(response.json().get("detail").asText()).contains(detail);
    }
}
