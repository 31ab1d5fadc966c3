package org.orderplatform.flow.suite;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.orderplatform.flow.Http;
import org.orderplatform.flow.monitoring.AlertRules;
import org.orderplatform.flow.monitoring.GrafanaDashboards;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The whole suite as {@code ./suite up} starts it, driven through the gateway with the sign-in server's tokens as
 * clients use it: every outcome of the order flow with its read model, payment, stock and emails; idempotent retries;
 * a replay of order-query under traffic; who may see what; and services stopped and started again (payment,
 * notification, order-command with a pending deadline) losing nothing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SuiteEndToEndIT {

    private static final String INBOX = "http://localhost:8025/messages";
    private static final String GATEWAY = "http://localhost:8080";
    private static final String ZIPKIN = "http://localhost:9411";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Duration PATIENCE = Duration.ofSeconds(90);
    /** The services that describe their HTTP API at {@code /v3/api-docs}, by port. */
    private static final Map<String, Integer> DESCRIBED_SERVICES = Map.of("order-command", 8081, "order-query", 8082,
            "payment", 8083, "catalog", 8084, "notification", 8085);

    private RunningSuite suite;
    /** The customer whose orders these are, and the operator who stocks the shelves, signed in. */
    private static Map<String, String> alice;
    private static Map<String, String> olivia;

    @BeforeAll
    void up() {
        suite = RunningSuite.up(Map.of("ORDER_PAYMENT_TIMEOUT", "8s", "ORDER_DEADLINE_POLL_INTERVAL", "200ms"));
        alice = Http.bearer(suite.token("alice"));
        olivia = Http.bearer(suite.token("olivia"));
    }

    @AfterAll
    void down() {
        suite.close();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(List.of(8081, 8082, 8083, 8084, 8085, 8024, 27017, 9092, 9411)).noneMatch(RunningSuite::inUse));
    }

    private static String addProduct(int stock) {
        return Http.post(GATEWAY + "/products", "{\"sku\":\"e2e-" + UUID.randomUUID() + "\",\"name\":\"Mug\","
                + "\"price\":\"12.50\",\"currency\":\"EUR\",\"stock\":" + stock + "}", olivia).text("productId");
    }

    private static String body(String productId, int quantity, String token) {
        return "{\"customerId\":\"alice\",\"customerEmail\":\"alice@example.com\",\"items\":[{\"productId\":\""
                + productId + "\",\"quantity\":" + quantity + "}],\"paymentToken\":\"" + token + "\"}";
    }

    private static String place(String productId, int quantity, String token) {
        Http.Answer placed = Http.post(GATEWAY + "/orders", body(productId, quantity, token), alice);
        assertThat(placed.status()).as("%s", placed.body()).isEqualTo(201);
        return placed.text("orderId");
    }

    private static JsonNode awaitFinal(String orderId) {
        await().atMost(PATIENCE).until(() -> {
            Http.Answer view = Http.get(GATEWAY + "/orders/" + orderId, alice);
            return view.status() == 200 && !view.text("status").equals("PENDING");
        });
        return Http.get(GATEWAY + "/orders/" + orderId, alice).body();
    }

    private static List<String> history(JsonNode view) {
        List<String> statuses = new ArrayList<>();
        view.get("history").forEach(change -> statuses.add(change.get("status").asText()));
        return statuses;
    }

    private static JsonNode stock(String productId) {
        return Http.get(GATEWAY + "/products/" + productId, alice).body().get("stock");
    }

    private static void awaitEmails(String orderId, String... kinds) {
        await().atMost(PATIENCE).untilAsserted(() -> {
            List<String> sent = new ArrayList<>();
            Http.get(GATEWAY + "/notifications?orderId=" + orderId, alice).body()
                    .forEach(email -> sent.add(email.get("kind").asText()));
            assertThat(sent).containsExactlyInAnyOrder(kinds);
        });
    }

    /** The emails the SMTP server received whose text names the order, as a person reads them in the inbox. */
    private static List<JsonNode> inboxMentioning(String orderId) {
        List<JsonNode> emails = new ArrayList<>();
        Http.get(INBOX).body().forEach(email -> {
            if (email.path("text").asText().contains(orderId)) {
                emails.add(email);
            }
        });
        return emails;
    }

    @Test
    @Order(1)
    void everyOutcomeEndsAsDesigned() {
        String mug = addProduct(10);
        String confirmed = place(mug, 2, "tok_visa");
        String declined = place(mug, 1, "tok_declined");
        String timedOut = place(mug, 1, "tok_timeout");
        String cancelled = place(mug, 1, "tok_timeout");
        assertThat(Http.post(GATEWAY + "/orders/" + cancelled + "/cancel", null, alice).status()).isEqualTo(202);
        String last = addProduct(1);
        String holder = place(last, 1, "tok_timeout");
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(stock(last).get("reserved").asInt()).isEqualTo(1));
        String rejected = place(last, 1, "tok_visa");

        JsonNode paid = awaitFinal(confirmed);
        assertThat(paid.get("status").asText()).isEqualTo("CONFIRMED");
        assertThat(paid.get("reason").isNull()).isTrue();
        assertThat(history(paid)).containsExactly("PENDING", "CONFIRMED");
        assertThat(paid.get("total").asText()).isEqualTo("25.00");
        assertThat(Http.get(GATEWAY + "/payments/" + confirmed, alice).text("status")).isEqualTo("COMPLETED");
        awaitEmails(confirmed, "ORDER_RECEIVED", "ORDER_CONFIRMED");
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(inboxMentioning(confirmed)).hasSize(2));

        JsonNode refused = awaitFinal(declined);
        assertThat(refused.get("reason").asText()).isEqualTo("PAYMENT_DECLINED");
        assertThat(history(refused)).containsExactly("PENDING", "CANCELLED");
        assertThat(Http.get(GATEWAY + "/payments/" + declined, alice).text("status")).isEqualTo("FAILED");
        awaitEmails(declined, "ORDER_RECEIVED", "ORDER_CANCELLED");

        assertThat(awaitFinal(cancelled).get("reason").asText()).isEqualTo("CUSTOMER_REQUEST");
        assertThat(awaitFinal(timedOut).get("reason").asText()).isEqualTo("PAYMENT_TIMEOUT");
        awaitEmails(timedOut, "ORDER_RECEIVED", "ORDER_CANCELLED");

        JsonNode outOfStock = awaitFinal(rejected);
        assertThat(outOfStock.get("status").asText()).isEqualTo("REJECTED");
        assertThat(outOfStock.get("reason").asText()).isEqualTo("OUT_OF_STOCK");
        assertThat(Http.get(GATEWAY + "/payments/" + rejected, alice).status()).isEqualTo(404);

        await().atMost(PATIENCE).untilAsserted(() -> {
            assertThat(stock(mug).get("onHand").asInt()).as("only the confirmed order took stock").isEqualTo(8);
            assertThat(stock(mug).get("reserved").asInt()).isZero();
            assertThat(stock(mug).get("available").asInt()).isEqualTo(8);
        });
        assertThat(awaitFinal(holder).get("reason").asText()).isEqualTo("PAYMENT_TIMEOUT");
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(stock(last).get("available").asInt())
                .as("given back when its holder timed out").isEqualTo(1));
    }

    @Test
    @Order(2)
    void aRetriedRequestPlacesOneOrder() {
        String mug = addProduct(5);
        Map<String, String> key = new HashMap<>(alice);
        key.put("Idempotency-Key", UUID.randomUUID().toString());

        String orderId = Http.post(GATEWAY + "/orders", body(mug, 1, "tok_visa"), key).text("orderId");
        Http.Answer retried = Http.post(GATEWAY + "/orders", body(mug, 1, "tok_visa"), key);

        assertThat(retried.text("orderId")).isEqualTo(orderId);
        assertThat(awaitFinal(orderId).get("status").asText()).isEqualTo("CONFIRMED");
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(stock(mug).get("onHand").asInt()).isEqualTo(4));
        awaitEmails(orderId, "ORDER_RECEIVED", "ORDER_CONFIRMED");
    }

    @Test
    @Order(3)
    void oneOrderIsOneTraceAcrossTheGatewayTheServicesAxonAndKafka() {
        String mug = addProduct(5);
        String traceId = hex(16);
        String callersSpan = hex(8);
        Map<String, String> traced = new HashMap<>(alice);
        traced.put("traceparent", "00-" + traceId + "-" + callersSpan + "-01");

        Http.Answer placed = Http.post(GATEWAY + "/orders", body(mug, 1, "tok_visa"), traced);
        assertThat(placed.status()).as("%s", placed.body()).isEqualTo(201);
        String orderId = placed.text("orderId");
        assertThat(awaitFinal(orderId).get("status").asText()).isEqualTo("CONFIRMED");
        awaitEmails(orderId, "ORDER_RECEIVED", "ORDER_CONFIRMED");

        // Spans are sent in batches every few seconds: the trace is whole once every service has sent its own.
        await().atMost(PATIENCE).untilAsserted(() -> assertOneTreeAcrossTheSuite(trace(traceId), callersSpan));

        // The trace id travels in the events' metadata, on the Kafka record and in the services' log lines.
        JsonNode history = Http.get("http://localhost:8024/v1/aggregates/" + orderId, olivia).body();
        assertThat(history.at("/events/0/metadata/traceparent").asText()).contains(traceId);
        assertThat(RunningSuite.kafkaHeaders("orders.order-events", orderId, "traceparent")).allMatch(header -> header.contains(traceId));
        assertThat(suite.logLinesMentioning(traceId)).hasEntrySatisfying("order-command", lines ->
                assertThat(lines).anyMatch(line -> line.contains("Placed order " + orderId)))
                .hasEntrySatisfying("notification", lines ->
                        assertThat(lines).anyMatch(line -> line.contains("about order " + orderId)));
    }

    /**
     * The spans form one tree below the caller's span, reaching every service: the gateway's span is the only child
     * of the caller's; through the Axon router, the spans of catalog, payment and order-query descend from
     * order-command's; through Kafka, notification's consumer span is the child of the bridge's producer span.
     */
    private static void assertOneTreeAcrossTheSuite(JsonNode spans, String callersSpan) {
        assertThat(servicesIn(spans))
                .containsAll(List.of("gateway", "order-command", "catalog", "payment", "order-query", "notification"));
        Map<String, JsonNode> byId = new HashMap<>();
        spans.forEach(span -> byId.put(span.get("id").asText(), span));
        List<JsonNode> belowTheCaller = new ArrayList<>();
        for (JsonNode span : spans) {
            String parent = span.path("parentId").asText(null);
            assertThat(parent).as("the parent of %s", span.get("name")).isNotNull();
            if (parent.equals(callersSpan)) {
                belowTheCaller.add(span);
            } else {
                assertThat(byId).as("the parent of %s is in the trace", span.get("name")).containsKey(parent);
            }
            String service = serviceOf(span);
            if (List.of("catalog", "payment", "order-query", "notification").contains(service)) {
                assertThat(ancestorServices(span, byId)).as("the ancestors of %s's %s", service, span.get("name"))
                        .contains("order-command", "gateway");
            }
        }
        assertThat(belowTheCaller).singleElement().satisfies(root -> assertThat(serviceOf(root)).isEqualTo("gateway"));
        assertThat(spans.findValuesAsText("kind")).contains("SERVER", "CLIENT", "PRODUCER", "CONSUMER");
        JsonNode consumed = findSpan(spans, span -> "CONSUMER".equals(span.path("kind").asText())
                && "notification".equals(serviceOf(span)));
        assertThat(byId.get(consumed.get("parentId").asText()).path("kind").asText()).isEqualTo("PRODUCER");
    }

    private static String serviceOf(JsonNode span) {
        return span.at("/localEndpoint/serviceName").asText();
    }

    private static String hex(int bytes) {
        byte[] random = new byte[bytes];
        RANDOM.nextBytes(random);
        return HexFormat.of().formatHex(random);
    }

    private static JsonNode trace(String traceId) {
        // Until its first span arrives, Zipkin answers 404 with a plain-text body; a read cut short is asked again.
        try {
            return JSON.readTree(RunningSuite.scrape(ZIPKIN + "/api/v2/trace/" + traceId));
        } catch (IllegalStateException | IOException | UncheckedIOException notYet) {
            return JSON.createArrayNode();
        }
    }

    private static Set<String> servicesIn(JsonNode spans) {
        return new TreeSet<>(spans.findValuesAsText("serviceName"));
    }

    private static Set<String> ancestorServices(JsonNode span, Map<String, JsonNode> byId) {
        Set<String> services = new TreeSet<>();
        for (JsonNode parent = byId.get(span.path("parentId").asText()); parent != null;
             parent = byId.get(parent.path("parentId").asText())) {
            services.add(serviceOf(parent));
        }
        return services;
    }

    private static JsonNode findSpan(JsonNode spans, Predicate<JsonNode> wanted) {
        for (JsonNode span : spans) {
            if (wanted.test(span)) {
                return span;
            }
        }
        throw new AssertionError("no such span in " + spans);
    }

    @Test
    @Order(4)
    void aReplayOfOrderQueryUnderTrafficConvergesOnTheSameViews() {
        String mug = addProduct(1000);
        List<String> before = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            before.add(place(mug, 1, "tok_visa"));
        }
        before.forEach(SuiteEndToEndIT::awaitFinal);
        List<JsonNode> viewsBefore = before.stream().map(id -> Http.get(GATEWAY + "/orders/" + id, alice).body()).toList();

        List<String> during = new CopyOnWriteArrayList<>();
        AtomicBoolean placing = new AtomicBoolean(true);
        CompletableFuture<Void> traffic = CompletableFuture.runAsync(() -> {
            while (placing.get()) {
                during.add(place(mug, 1, "tok_visa"));
            }
        });
        assertThat(Http.post(GATEWAY + "/admin/projections/orders/replay", null, olivia).status()).isEqualTo(202);
        await().atMost(PATIENCE).until(() -> Http.get(GATEWAY + "/admin/projections/orders", olivia).text("state").equals("LIVE"));
        placing.set(false);
        traffic.join();

        assertThat(during).isNotEmpty();
        during.forEach(id -> assertThat(awaitFinal(id).get("status").asText()).isEqualTo("CONFIRMED"));
        assertThat(before.stream().map(id -> Http.get(GATEWAY + "/orders/" + id, alice).body()).toList())
                .isEqualTo(viewsBefore);
        // The replaced collection is dropped 30 s after the swap; the tests after this one count what is stored.
        try (MongoClient mongo = MongoClients.create("mongodb://localhost:27017")) {
            await().atMost(Duration.ofSeconds(90)).until(() -> StreamSupport.stream(
                    mongo.getDatabase("orders-query").listCollectionNames().spliterator(), false)
                    .filter(name -> name.startsWith("orders_v")).count() == 1);
        }
    }

    /**
     * Every operation of every service's OpenAPI description, probed with hostile variants of each parameter and
     * body field, straight and through the gateway: never a 5xx, never a 2xx for a malformed request, always a
     * problem with a detail, naming the field when one is wrong; and nothing stored changed.
     */
    @Test
    @Order(5)
    void hostileInputToEveryOperationIsAProblemAndWritesNothing() throws IOException {
        Map<String, Long> before = HostileInputSweep.storedCounts(olivia);
        List<String> findings = new ArrayList<>();
        Map<String, Integer> probed = new TreeMap<>();
        for (Map.Entry<String, Integer> service : DESCRIBED_SERVICES.entrySet()) {
            JsonNode description = JSON.readTree(
                    RunningSuite.scrape("http://localhost:" + service.getValue() + "/v3/api-docs"));
            List<HostileInputs.Probe> probes = HostileInputs.of(description);
            probed.put(service.getKey(), probes.size());
            findings.addAll(HostileInputSweep.findings(service.getKey(), service.getValue(), probes, olivia,
                    Duration.ZERO));
            // What the container and the firewall refuse, at the gateway too, within its rate limit.
            findings.addAll(HostileInputSweep.findings("gateway to " + service.getKey(), 8080,
                    probes.stream().filter(probe -> !probe.malformed()).toList(), olivia, Duration.ofMillis(25)));
        }

        assertThat(probed).as("probes per service").allSatisfy((service, count) -> assertThat(count).isPositive());
        assertThat(findings).as("of %s probes", probed).isEmpty();
        assertThat(HostileInputSweep.storedCounts(olivia)).as("what the suite stores").isEqualTo(before);
    }

    @Test
    @Order(5)
    void theAlertRulesAndTheDashboardNameOnlyMetricsTheSuiteExposes() {
        Set<String> exposed = new TreeSet<>();
        for (int port : List.of(8081, 8082, 8083, 8084, 8085, 8080, 8024)) {
            RunningSuite.scrape("http://localhost:" + port + "/actuator/prometheus").lines()
                    .filter(line -> !line.startsWith("#") && !line.isBlank())
                    .map(line -> line.split("[{ ]", 2)[0])
                    .forEach(exposed::add);
        }
        // Prometheus makes it of every scrape.
        exposed.add("up");

        Set<String> named = new TreeSet<>(AlertRules.metricsNamed(RunningSuite.ROOT.resolve("prometheus/alerts.yml")));
        named.addAll(GrafanaDashboards.metricsNamed(RunningSuite.ROOT.resolve("grafana/dashboards/order-platform.json")));

        assertThat(named).contains("orders_sagas_open", "notification_emails_delay_seconds_bucket");
        // A labelled counter is registered at its first increment: no record has been dead-lettered yet.
        assertThat(named).filteredOn(metric -> !metric.equals("notification_events_dead_lettered_total"))
                .allMatch(exposed::contains, "exposed by a process of the suite");
    }

    @Test
    @Order(5)
    void theAxonDashboardChartsThePlatformsFiguresFromItsServices() {
        await().atMost(PATIENCE).untilAsserted(() -> {
            List<JsonNode> points = new ArrayList<>();
            Http.get("http://localhost:8024/v1/trends", olivia).body().get("points").forEach(points::add);
            assertThat(points).anySatisfy(point -> {
                assertThat(point.at("/eventsPerSecond/org.orderplatform.api.order.OrderPlacedEvent").asDouble()).isPositive();
                assertThat(point.at("/suite/ordersEndedPerSecond/confirmed").asDouble()).isPositive();
                assertThat(point.at("/suite/acceptedMillis").asDouble()).isPositive();
            });
            JsonNode latest = points.get(points.size() - 1);
            assertThat(latest.at("/suite/openSagas").isNumber()).isTrue();
            assertThat(latest.at("/suite/pendingOrders").isNumber()).isTrue();
            assertThat(latest.at("/suite/kafkaLag").isNumber()).isTrue();
            assertThat(latest.at("/suite/breakersNotClosed").asDouble()).isZero();
            assertThat(latest.at("/processorLag").size()).isGreaterThanOrEqualTo(5);
        });
    }

    @Test
    @Order(5)
    void theAxonDashboardOperatesTheServicesThatKeepDeadLetters() {
        JsonNode services = Http.get("http://localhost:8024/v1/operations/dead-letters", olivia).body();

        List<String> keeping = new ArrayList<>();
        services.forEach(service -> {
            assertThat(service.get("available").asBoolean()).as("%s", service).isTrue();
            assertThat(service.get("deadLetters").isArray()).isTrue();
            keeping.add(service.get("service").asText());
        });
        assertThat(keeping).containsExactly("notification", "order-query", "payment");
        assertThat(Http.get("http://localhost:8024/v1/operations/sagas", olivia).body().isArray()).isTrue();
    }

    @Test
    @Order(7)
    void restartingPaymentThenNotificationThenOrderCommandLosesNothing() {
        String mug = addProduct(10_000);

        List<String> aroundPaymentRestart = placeWhile(() -> suite.restart("payment"), mug, "tok_visa");
        int confirmed = 0;
        for (String id : aroundPaymentRestart) {
            JsonNode view = awaitFinal(id);
            if (view.get("status").asText().equals("CONFIRMED")) {
                confirmed++;
                assertThat(Http.get(GATEWAY + "/payments/" + id, alice).text("status")).isEqualTo("COMPLETED");
            } else {
                // Payment was away longer than the payment deadline: the order was cancelled and no charge is kept.
                assertThat(view.get("reason").asText()).isEqualTo("PAYMENT_TIMEOUT");
                await().atMost(PATIENCE).until(() -> {
                    Http.Answer payment = Http.get(GATEWAY + "/payments/" + id, alice);
                    return payment.status() == 404 || List.of("EXPIRED", "REFUNDED").contains(payment.text("status"));
                });
            }
        }
        int kept = confirmed;
        assertThat(aroundPaymentRestart.get(aroundPaymentRestart.size() - 1)).as("placed after the restart")
                .satisfies(id -> assertThat(awaitFinal(id).get("status").asText()).isEqualTo("CONFIRMED"));
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(stock(mug).get("onHand").asInt()).isEqualTo(10_000 - kept));

        List<String> aroundNotificationRestart = placeWhile(() -> suite.restart("notification"), mug, "tok_visa");
        aroundNotificationRestart.forEach(id -> {
            assertThat(awaitFinal(id).get("status").asText()).isEqualTo("CONFIRMED");
            awaitEmails(id, "ORDER_RECEIVED", "ORDER_CONFIRMED");
        });

        String pending = place(mug, 1, "tok_timeout");
        await().atMost(PATIENCE).until(() -> Http.get(GATEWAY + "/orders/" + pending, alice).status() == 200);
        suite.restart("order-command");
        JsonNode timedOut = awaitFinal(pending);
        assertThat(timedOut.get("reason").asText()).isEqualTo("PAYMENT_TIMEOUT");
        awaitEmails(pending, "ORDER_RECEIVED", "ORDER_CANCELLED");
    }

    @Test
    // Ahead of the restarts: a service just restarted runs cold for a minute, which is not what this measures.
    @Order(6)
    void theLoadBenchmarkRunsAgainstTheSuiteAndItsAuditPasses() {
        RunningSuite.Finished bench = suite.bench(Map.of("BENCH_WARMUP", "5"), "10", "10");

        assertThat(bench.exitCode()).as(bench.output()).isZero();
        assertThat(bench.output()).containsPattern("\\| audit \\| passed: (\\d+) orders \\(\\1 CONFIRMED\\)")
                .doesNotContain("FAILED");
        assertThat(bench.output()).contains("ordersimulation-").contains("index.html");
    }

    @Test
    @Order(8)
    void aCustomerReachesOnlyTheirOwnOrdersAndNobodyGetsInWithoutATokenAtTheGatewayOrBehindIt() {
        String mug = addProduct(10);
        String order = body(mug, 1, "tok_visa");
        Map<String, String> bob = Http.bearer(suite.token("bob"));

        Http.Answer anonymous = Http.post(GATEWAY + "/orders", order);
        Http.Answer bobForAlice = Http.post(GATEWAY + "/orders", order, bob);
        Http.Answer placed = Http.post(GATEWAY + "/orders", order, alice);
        String location = placed.headers().getLocation().toString();
        await().atMost(PATIENCE).until(() -> Http.get(GATEWAY + location, alice).status() == 200);
        Http.Answer bobReadsAlices = Http.get(GATEWAY + location, bob);
        Http.Answer bobCancelsAlices = Http.post(GATEWAY + location + "/cancel", null, bob);
        // Behind the gateway, every service checks the token itself.
        Http.Answer aroundTheGateway = Http.get("http://localhost:8082" + location);
        Http.Answer bobAroundTheGateway = Http.get("http://localhost:8082" + location, bob);

        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.headers().getContentType()).hasToString("application/problem+json");
        assertThat(bobForAlice.status()).isEqualTo(403);
        assertThat(placed.status()).as("%s", placed.body()).isEqualTo(201);
        assertThat(bobReadsAlices.status()).isEqualTo(403);
        assertThat(bobCancelsAlices.status()).isEqualTo(403);
        assertThat(aroundTheGateway.status()).isEqualTo(401);
        assertThat(bobAroundTheGateway.status()).isEqualTo(403);
        assertThat(awaitFinal(placed.text("orderId")).get("status").asText()).isEqualTo("CONFIRMED");
    }

    @Test
    @Order(9)
    void theFaultSuiteCrashesOrderCommandAndPaymentAndRacesPaymentsWithTheirDeadlineAndItsAuditsPass() {
        RunningSuite.Finished chaos = suite.chaos("order-command-kill", "payment-kill", "payment-at-deadline");

        assertThat(chaos.exitCode()).as(chaos.output()).isZero();
        assertThat(chaos.output()).containsPattern("\\| order-command-kill \\|.*\\| passed \\|")
                .containsPattern("\\| payment-kill \\|.*\\| passed \\|")
                .containsPattern("\\| payment-at-deadline \\|.*\\| passed \\|");
    }

    /** Places an order every quarter of a second for as long as the action runs; returns their ids. */
    private static List<String> placeWhile(Runnable action, String productId, String token) {
        List<String> placed = new CopyOnWriteArrayList<>();
        AtomicBoolean running = new AtomicBoolean(true);
        CompletableFuture<Void> traffic = CompletableFuture.runAsync(() -> {
            while (running.get()) {
                Http.Answer answer = Http.post(GATEWAY + "/orders", body(productId, 1, token), alice);
                if (answer.status() == 201) {
                    placed.add(answer.text("orderId"));
                }
                LockSupport.parkNanos(Duration.ofMillis(250).toNanos());
            }
        });
        try {
            action.run();
            placed.add(place(productId, 1, token));
        } finally {
            running.set(false);
            traffic.join();
        }
        return placed;
    }
}
