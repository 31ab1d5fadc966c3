package org.orderplatform.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gateway while what it depends on is down: services that refuse connections or stop answering, and a sign-in
 * server whose keys cannot be fetched.
 */
class GatewayOutageIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final CountDownLatch RELEASE = new CountDownLatch(1);

    private static SigninServer signin;
    private static StandIn frozen;
    private static GatewayServer servicesDown;
    private static GatewayServer signinDown;
    private static String alice;

    @BeforeAll
    static void start() throws Exception {
        signin = SigninServer.start();
        frozen = StandIn.start("order-query");
        frozen.answer("GET", "/orders/o-1", exchange -> RELEASE.await(30, TimeUnit.SECONDS));
        String nothingListens = StandIn.down().toString();

        Map<String, String> settings = new HashMap<>();
        for (String name : new String[] {"order-command", "catalog", "notification"}) {
            settings.put("gateway.routing." + name, nothingListens);
        }
        settings.put("gateway.routing.payment", nothingListens + "," + StandIn.down());
        settings.put("gateway.routing.order-query", frozen.uri().toString());
        settings.put("gateway.routing.retry-after", "7s");
        settings.put("spring.http.client.read-timeout", "1s");
        settings.put("spring.security.oauth2.resourceserver.jwt.jwk-set-uri", signin.jwkSetUri());
        servicesDown = GatewayServer.start(settings);

        settings.put("spring.security.oauth2.resourceserver.jwt.jwk-set-uri", nothingListens + "/oauth2/jwks");
        signinDown = GatewayServer.start(settings);
        alice = signin.token("alice");
    }

    @AfterAll
    static void stop() {
        RELEASE.countDown();
        servicesDown.close();
        signinDown.close();
        frozen.close();
        signin.close();
    }

    @Test
    void aServiceNoInstanceOfWhichCanBeReachedIsA503WithRetryAfter() throws Exception {
        HttpResponse<String> response = send(servicesDown, "/payments/o-1", alice);

        assertProblem(response, 503, "payment cannot be reached");
        assertThat(response.headers().firstValue("Retry-After")).hasValue("7");
    }

    @Test
    void aServiceThatStopsAnsweringIsA504() throws Exception {
        assertProblem(send(servicesDown, "/orders/o-1", alice), 504, "order-query did not answer in time");
    }

    @Test
    void startsWhileTheSignInServerIsDown() throws Exception {
        HttpResponse<String> health = send(signinDown, "/actuator/health", null);

        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(health.body()).path("status").asText()).isEqualTo("UP");
    }

    @Test
    void aTokenThatCannotBeCheckedIsA503WithRetryAfter() throws Exception {
        HttpResponse<String> response = send(signinDown, "/orders/o-1", alice);

        assertProblem(response, 503, "the token cannot be checked now");
        assertThat(response.headers().firstValue("Retry-After")).hasValue("7");
    }

    private static HttpResponse<String> send(GatewayServer gateway, String path, String token) throws Exception {
        return gateway.send("GET", path, token, null);
    }

    private static void assertProblem(HttpResponse<String> response, int status, String detail) throws Exception {
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode problem = JSON.readTree(response.body());
        assertThat(problem.path("detail").asText()).contains(detail);
    }
}
