package org.orderplatform.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.OutputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gateway between the real sign-in server and real HTTP servers standing in for the five services: tokens,
 * roles, routes, the rate limit, redirects and event streams, all through HTTP.
 */
class GatewayIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    private static final String PROBLEM = "application/problem+json";
    private static final String[] SERVICES = {"order-command", "order-query", "payment", "catalog", "notification"};
    private static final CountDownLatch SECOND_UPDATE = new CountDownLatch(1);

    private static SigninServer signin;
    private static final Map<String, StandIn> services = new HashMap<>();
    private static GatewayServer gateway;
    private static String alice;
    private static String olivia;

    @BeforeAll
    static void start() throws Exception {
        signin = SigninServer.start();
        for (String name : SERVICES) {
            services.put(name, StandIn.start(name));
        }
        StandIn orderCommand = services.get("order-command");
        // As order-command answers: a path that order-query serves.
        orderCommand.answer("POST", "/orders", exchange -> {
            exchange.getResponseHeaders().set("Location", "/orders/o-1");
            StandIn.json(exchange, 201, "{\"orderId\":\"o-1\",\"status\":\"PENDING\"}");
        });
        // A service that names its own address.
        orderCommand.answer("POST", "/orders/o-1/cancel", exchange -> {
            exchange.getResponseHeaders().set("Location", orderCommand.uri() + "/orders/o-1");
            StandIn.json(exchange, 202, "{\"orderId\":\"o-1\",\"status\":\"PENDING\"}");
        });
        services.get("order-query").answer("GET", "/orders/o-1/updates", exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "text/event-stream;charset=UTF-8");
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write("event:order\ndata:{\"status\":\"PENDING\"}\n\n".getBytes(StandardCharsets.UTF_8));
                out.flush();
                if (SECOND_UPDATE.await(10, TimeUnit.SECONDS)) {
                    out.write("event:order\ndata:{\"status\":\"CONFIRMED\"}\n\n".getBytes(StandardCharsets.UTF_8));
                }
            }
        });

        Map<String, String> settings = new HashMap<>(Map.of(
                "spring.security.oauth2.resourceserver.jwt.jwk-set-uri", signin.jwkSetUri(),
                // Low enough to reach in a test, high enough for every other test's requests.
                "gateway.rate-limit.requests-per-second", "2",
                "gateway.rate-limit.burst", "50"));
        for (String name : SERVICES) {
            settings.put("gateway.routing." + name, services.get(name).uri().toString());
        }
        gateway = GatewayServer.start(settings);
        alice = signin.token("alice");
        olivia = signin.token("olivia");
    }

    @AfterAll
    static void stop() {
        gateway.close();
        services.values().forEach(StandIn::close);
        signin.close();
    }

    @Test
    void refusesARequestWithoutAToken() throws Exception {
        HttpResponse<String> response = send("GET", "/orders/no-token", null, null);

        assertProblem(response, 401, "an access token from " + SigninServer.ISSUER + " is required");
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                value -> assertThat(value).startsWith("Bearer"));
        assertThat(services.get("order-query").saw("GET", "/orders/no-token")).isEmpty();
    }

    @Test
    void refusesAnExpiredToken() throws Exception {
        Instant longAgo = Instant.now().minus(Duration.ofHours(2));
        String expired = signin.signedByTheServer(SigninServer.ISSUER, longAgo, longAgo.plus(Duration.ofMinutes(30)));

        assertProblem(send("GET", "/orders/expired", expired, null), 401, "expired");
    }

    @Test
    void refusesATokenOfAnotherIssuer() throws Exception {
        Instant now = Instant.now();
        String elsewhere = signin.signedByTheServer("http://elsewhere:9000", now, now.plusSeconds(600));

        assertProblem(send("GET", "/orders/other-issuer", elsewhere, null), 401, "iss");
    }

    @Test
    void refusesATokenSignedWithAnotherKey() throws Exception {
        assertProblem(send("GET", "/orders/forged", SigninServer.signedElsewhere(), null), 401, "refused");
        assertProblem(send("GET", "/orders/garbage", "not-a-jwt", null), 401, "refused");
    }

    @ParameterizedTest
    @CsvSource({
            "POST, /products",
            "PUT, /products/p-1/stock",
            "DELETE, /products/p-1",
            "GET, /admin/projections/orders",
            "POST, /admin/projections/orders/replay",
            "GET, /admin/sagas"})
    void keepsCustomersOffOperatorPaths(String method, String path) throws Exception {
        String denied = path + "?by=alice";

        HttpResponse<String> response = send(method, denied, alice, method.equals("GET") ? null : "{}");

        assertProblem(response, 403, method + " " + path + " needs the operator role");
        services.values().forEach(service -> assertThat(service.saw(method, denied)).isEmpty());
    }

    @ParameterizedTest
    @CsvSource({
            "POST, /products, catalog",
            "PUT, /products/p-1/stock, catalog",
            "DELETE, /products/p-1, catalog",
            "GET, /admin/projections/orders, order-query",
            "POST, /admin/projections/orders/replay, order-query",
            "GET, /admin/sagas?step=PAYMENT, order-command"})
    void letsOperatorsOntoOperatorPaths(String method, String path, String service) throws Exception {
        HttpResponse<String> response = send(method, path, olivia, method.equals("GET") ? null : "{}");

        assertThat(response.statusCode()).isEqualTo(200);
        assertReached(service, method, path, olivia);
    }

    @ParameterizedTest
    @CsvSource({
            "POST, /orders, order-command",
            "POST, /orders/o-1/cancel, order-command",
            "GET, /orders/o-1, order-query",
            "GET, /orders?customerId=alice&status=PENDING&page=0&size=20, order-query",
            "GET, /products, catalog",
            "GET, /products/p-1, catalog",
            "POST, /products/quote, catalog",
            "GET, /payments/o-1, payment",
            "GET, /notifications?orderId=o-1, notification",
            "GET, /customers/alice/preferences, notification"})
    void routesEachPathToItsServiceWithTheToken(String method, String path, String service) throws Exception {
        String body = method.equals("POST") ? "{\"customerId\":\"alice\",\"items\":[]}" : null;

        HttpResponse<String> response = send(method, path, alice, body);

        assertThat(response.statusCode()).isBetween(200, 202);
        StandIn.Seen seen = assertReached(service, method, path, alice);
        if (body != null) {
            assertThat(seen.body()).isEqualTo(body);
        }
    }

    @Test
    void aRelativeLocationIsFollowedThroughTheGateway() throws Exception {
        HttpResponse<String> placed = send("POST", "/orders", alice, "{\"customerId\":\"alice\"}");

        assertThat(placed.statusCode()).isEqualTo(201);
        String location = placed.headers().firstValue("Location").orElseThrow();
        assertThat(location).isEqualTo("/orders/o-1");
        HttpResponse<String> order = send("GET", location, alice, null);
        assertThat(JSON.readTree(order.body()).path("service").asText()).isEqualTo("order-query");
    }

    @Test
    void aLocationNamingTheServiceNamesTheGateway() throws Exception {
        HttpResponse<String> cancelled = send("POST", "/orders/o-1/cancel", alice, null);

        assertThat(cancelled.statusCode()).isEqualTo(202);
        assertThat(cancelled.headers().firstValue("Location")).hasValue(gateway.base + "/orders/o-1");
    }

    @Test
    void streamsServerSentEventsAsTheyCome() throws Exception {
        HttpResponse<Stream<String>> response = HTTP.send(HttpRequest.newBuilder(gateway.uri("/orders/o-1/updates"))
                        .header("Authorization", "Bearer " + alice)
                        .header("Accept", "text/event-stream")
                        .build(),
                HttpResponse.BodyHandlers.ofLines());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/event-stream"));
        Iterator<String> lines = response.body().iterator();

        // The first event arrives while the service still holds the second back: nothing is buffered.
        assertThat(CompletableFuture.supplyAsync(() -> dataLine(lines)).get(10, TimeUnit.SECONDS))
                .isEqualTo("data:{\"status\":\"PENDING\"}");
        SECOND_UPDATE.countDown();
        assertThat(CompletableFuture.supplyAsync(() -> dataLine(lines)).get(10, TimeUnit.SECONDS))
                .isEqualTo("data:{\"status\":\"CONFIRMED\"}");
    }

    @Test
    void aCustomerPlacesOrdersOnlyForThemself() throws Exception {
        String forBob = "{\"customerId\":\"bob\",\"items\":[{\"productId\":\"p-1\",\"quantity\":1}]}";

        assertProblem(send("POST", "/orders", alice, forBob), 403, "the token is alice's, the order names bob");
        HttpResponse<String> byOperator = send("POST", "/orders", olivia, forBob);
        assertThat(byOperator.statusCode()).isEqualTo(201);
        assertThat(services.get("order-command").saw("POST", "/orders").orElseThrow().body()).isEqualTo(forBob);
    }

    @Test
    void limitsEachClientAndSaysWhenToRetry() throws Exception {
        String bench = signin.serviceToken();
        HttpResponse<String> limited = null;
        for (int i = 0; i < 80 && limited == null; i++) {
            HttpResponse<String> response = send("GET", "/products", bench, null);
            if (response.statusCode() == 429) {
                limited = response;
            }
        }

        assertThat(limited).as("a 429 within 80 quick requests over a burst of 50").isNotNull();
        assertProblem(limited, 429, "from subject load-bench");
        long retryAfter = Long.parseLong(limited.headers().firstValue("Retry-After").orElseThrow());
        assertThat(retryAfter).isPositive();
        assertThat(send("GET", "/products", alice, null).statusCode()).as("another client").isEqualTo(200);
        Thread.sleep(Duration.ofSeconds(retryAfter).toMillis());
        assertThat(send("GET", "/products", bench, null).statusCode()).as("after Retry-After").isEqualTo(200);
    }

    @Test
    void probesNeedNoTokenAndOnlyOperatorsSeeHealthDetails() throws Exception {
        HttpResponse<String> anonymous = send("GET", "/actuator/health", null, null);
        assertThat(anonymous.statusCode()).isEqualTo(200);
        JsonNode health = JSON.readTree(anonymous.body());
        assertThat(health.path("status").asText()).isEqualTo("UP");
        assertThat(health.has("components")).isFalse();

        assertThat(JSON.readTree(send("GET", "/actuator/health", olivia, null).body()).has("components")).isTrue();
        HttpResponse<String> metrics = send("GET", "/actuator/prometheus", null, null);
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("application=\"gateway\"");
    }

    @Test
    void aPathNoServiceServesIsA404Problem() throws Exception {
        assertProblem(send("GET", "/nowhere", alice, null), 404, "nowhere");
    }

    private static HttpResponse<String> send(String method, String path, String token, String body) throws Exception {
        return gateway.send(method, path, token, body);
    }

    private static StandIn.Seen assertReached(String service, String method, String path, String token) {
        StandIn.Seen seen = services.get(service).saw(method, path)
                .orElseThrow(() -> new AssertionError(method + " " + path + " did not reach " + services.get(service)));
        assertThat(seen.authorization()).isEqualTo("Bearer " + token);
        return seen;
    }

    private static void assertProblem(HttpResponse<String> response, int status, String detail) throws Exception {
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValue(PROBLEM);
        JsonNode problem = JSON.readTree(response.body());
        assertThat(problem.path("status").asInt()).isEqualTo(status);
        assertThat(problem.path("detail").asText()).contains(detail);
    }

    private static String dataLine(Iterator<String> lines) {
        while (lines.hasNext()) {
            String line = lines.next();
            if (line.startsWith("data:")) {
                return line;
            }
        }
        return null;
    }
}
