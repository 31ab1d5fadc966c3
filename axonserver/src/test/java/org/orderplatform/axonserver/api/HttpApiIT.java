package org.orderplatform.axonserver.api;

import com.fasterxml.jackson.databind.JsonNode;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.orderplatform.axonserver.EmbeddedAxonServer;
import org.orderplatform.axonserver.api.Orders.FindAmount;
import org.orderplatform.axonserver.api.Orders.OrderPlaced;
import org.orderplatform.axonserver.api.Orders.OrderShipped;
import org.orderplatform.axonserver.api.Orders.PlaceOrder;
import org.orderplatform.axonserver.api.Orders.ShipOrder;
import org.orderplatform.axonserver.support.AxonApp;
import org.orderplatform.axonserver.support.Http;
import org.orderplatform.axonserver.support.ServerPerClass;
import org.orderplatform.axonserver.support.SigninServer;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The HTTP side, the dashboard's JSON API and the actuator, against the real server, with real Axon applications connected: an order service with an
 * event-sourced aggregate, a projection and a query handler, and a web front that sends commands and queries. Every
 * call carries an operator's access token of the real sign-in server.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HttpApiIT {

    private static final Duration PATIENCE = Duration.ofSeconds(20);

    @RegisterExtension
    static final ServerPerClass SERVER = new ServerPerClass(withTrendsEvery200MillisForMinutes());
    private EmbeddedAxonServer server;
    private AxonApp orders;
    private AxonApp web;
    private Http http;
    private Instant beforeOrders;
    private Instant afterOrders;

    @BeforeAll
    void start() {
        server = SERVER.get();
        http = new Http(server.httpPort()).withBearer(SigninServer.operatorToken());
        orders = AxonApp.builder(server.servers(), "orders", "orders-1")
                .handlers(new Orders.Summary())
                .configure(configurer -> configurer
                        .configureAggregate(Orders.Order.class)
                        .eventProcessing(processing -> processing.registerPooledStreamingEventProcessor(Orders.SUMMARY)))
                .start();
        web = AxonApp.builder(server.servers(), "web", "web-1").eventsInMemory().start();
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(http.get("/v1/commands").body())
                .contains(PlaceOrder.class.getName()));
        beforeOrders = Instant.now();
        for (int i = 1; i <= 3; i++) {
            web.commandGateway().sendAndWait(new PlaceOrder("order-" + i, 10 * i));
        }
        web.commandGateway().sendAndWait(new ShipOrder("order-2", "parcel"));
        afterOrders = Instant.now();
        await().atMost(PATIENCE).until(() -> web.queryGateway().query(new FindAmount("order-3"), Integer.class)
                .join() != null);
    }

    @AfterAll
    void stop() {
        web.close();
        orders.close();
    }

    @Test
    void listsApplicationsWithTheirInstancesHandlersAndProcessors() {
        await().atMost(PATIENCE).untilAsserted(() -> {
            JsonNode applications = ok(http.get("/v1/applications"));

            assertThat(texts(applications, "name")).containsExactly("orders", "web");
            JsonNode instance = applications.get(0).get("instances").get(0);
            assertThat(instance.get("clientId").asText()).isEqualTo("orders-1");
            assertThat(instance.get("context").asText()).isEqualTo("default");
            assertThat(instance.get("version").asText()).startsWith("4.");
            assertThat(instance.get("connectedSince").asText()).isNotEmpty();
            assertThat(texts(instance.get("commands")))
                    .containsExactly(PlaceOrder.class.getName(), ShipOrder.class.getName());
            assertThat(texts(instance.get("queries"))).containsExactly(FindAmount.class.getName());
            JsonNode processor = instance.get("processors").get(0);
            assertThat(processor.get("name").asText()).isEqualTo(Orders.SUMMARY);
            assertThat(processor.get("mode").asText()).isNotEmpty();
            assertThat(processor.get("running").asBoolean()).isTrue();
            assertThat(processor.get("streaming").asBoolean()).isTrue();
            assertThat(processor.get("segments")).isNotEmpty();
            assertThat(processor.get("segments").get(0).get("tokenPosition").asLong()).isEqualTo(3);
            assertThat(processor.get("segments").get(0).get("lag").asLong()).isZero();
            JsonNode webInstance = applications.get(1).get("instances").get(0);
            assertThat(webInstance.get("commands")).isEmpty();
        });
    }

    @Test
    void pagesEventsNewestFirstWithTheirContent() {
        JsonNode first = ok(http.get("/v1/events?limit=2"));

        assertThat(texts(first.get("events"), "token")).containsExactly("3", "2");
        JsonNode shipped = first.get("events").get(0);
        assertThat(shipped.get("payloadType").asText()).isEqualTo(OrderShipped.class.getName());
        assertThat(shipped.get("aggregateId").asText()).isEqualTo("order-2");
        assertThat(shipped.get("aggregateType").asText()).isEqualTo("Order");
        assertThat(shipped.get("sequence").asLong()).isEqualTo(1);
        assertThat(shipped.get("messageId").asText()).isNotEmpty();
        assertThat(Instant.parse(shipped.get("timestamp").asText())).isBetween(beforeOrders, afterOrders);
        assertThat(shipped.get("metadata").get("carrier").asText()).isEqualTo("parcel");
        assertThat(shipped.get("metadata").get("attempt").isTextual()).isTrue();
        assertThat(shipped.get("metadata").get("attempt").asText()).isEqualTo("1");
        JsonNode placed = first.get("events").get(1);
        assertThat(placed.get("payload").asText()).isEqualTo("{\n  \"orderId\" : \"order-3\",\n  \"amount\" : 30\n}");

        JsonNode second = ok(http.get("/v1/events?limit=2&after=" + first.get("next").asText()));
        assertThat(texts(second.get("events"), "token")).containsExactly("1", "0");
        assertThat(second.get("next").isNull()).isTrue();

        JsonNode oldest = ok(http.get("/v1/events?order=oldest&limit=3"));
        assertThat(texts(oldest.get("events"), "token")).containsExactly("0", "1", "2");
        assertThat(texts(ok(http.get("/v1/events?order=oldest&after=" + oldest.get("next").asText()))
                .get("events"), "token")).containsExactly("3");
    }

    @Test
    void filtersEventsByAggregatePayloadTypeAndTime() {
        assertThat(texts(ok(http.get("/v1/events?aggregateId=order-2")).get("events"), "token"))
                .containsExactly("3", "1");
        assertThat(texts(ok(http.get("/v1/events?payloadType=" + OrderPlaced.class.getName())).get("events"),
                "aggregateId")).containsExactly("order-3", "order-2", "order-1");
        assertThat(ok(http.get("/v1/events?from=" + beforeOrders + "&to=" + afterOrders)).get("events")).hasSize(4);
        assertThat(ok(http.get("/v1/events?to=" + beforeOrders.minusSeconds(60))).get("events")).isEmpty();
        assertThat(ok(http.get("/v1/events?from=" + afterOrders.plusSeconds(60))).get("events")).isEmpty();
    }

    @Test
    void showsAnAggregateHistoryAndThePayloadTypes() {
        JsonNode aggregate = ok(http.get("/v1/aggregates/order-2"));

        assertThat(aggregate.get("highestSequence").asLong()).isEqualTo(1);
        assertThat(texts(aggregate.get("events"), "payloadType"))
                .containsExactly(OrderPlaced.class.getName(), OrderShipped.class.getName());
        assertThat(aggregate.get("snapshots")).isEmpty();
        assertThat(texts(ok(http.get("/v1/payload-types")).get("payloadTypes")))
                .containsExactly(OrderPlaced.class.getName(), OrderShipped.class.getName());
    }

    @Test
    void showsCommandAndQueryHandlersWithWhatWasRouted() {
        JsonNode commands = ok(http.get("/v1/commands"));
        JsonNode place = find(commands, "name", PlaceOrder.class.getName());
        assertThat(place.get("context").asText()).isEqualTo("default");
        assertThat(texts(place.get("handlers"), "clientId")).containsExactly("orders-1");
        assertThat(place.get("routed").asLong()).isEqualTo(3);
        assertThat(place.get("failures").asLong()).isZero();
        assertThat(place.get("meanLatencyMillis").asDouble()).isPositive();
        assertThat(place.get("maxLatencyMillis").asDouble())
                .isGreaterThanOrEqualTo(place.get("meanLatencyMillis").asDouble());

        JsonNode find = find(ok(http.get("/v1/queries")), "name", FindAmount.class.getName());
        assertThat(texts(find.get("handlers"), "componentName")).containsExactly("orders");
        assertThat(find.get("routed").asLong()).isPositive();
    }

    @Test
    void reportsStatusOfTheServerAndItsStore() {
        JsonNode status = ok(http.get("/v1/status"));

        assertThat(status.get("name").asText()).isEqualTo("axonserver");
        assertThat(status.get("version").asText()).isEqualTo("0.1.0-SNAPSHOT");
        assertThat(status.get("uptimeMillis").asLong()).isPositive();
        assertThat(status.get("storeHealth").asText()).isEqualTo("UP");
        assertThat(status.get("events").asLong()).isEqualTo(4);
        assertThat(status.get("storageBytes").asLong()).isPositive();
        JsonNode context = status.get("contexts").get(0);
        assertThat(context.get("context").asText()).isEqualTo("default");
        assertThat(context.get("headToken").asLong()).isEqualTo(3);
        assertThat(context.get("snapshots").asLong()).isZero();
    }

    @Test
    void pausesAndStartsAnEventProcessorInTheApplication() {
        StreamingEventProcessor processor = orders.configuration().eventProcessingConfiguration()
                .eventProcessor(Orders.SUMMARY, StreamingEventProcessor.class).orElseThrow();
        await().atMost(PATIENCE).untilAsserted(() -> {
            JsonNode listed = find(ok(http.get("/v1/processors")), "name", Orders.SUMMARY);
            assertThat(listed.get("application").asText()).isEqualTo("orders");
            assertThat(listed.get("instances").get(0).get("clientId").asText()).isEqualTo("orders-1");
            assertThat(listed.get("instances").get(0).get("status").get("running").asBoolean()).isTrue();
        });

        Http.Response paused = http.post("/v1/processors/" + Orders.SUMMARY + "/pause?clientId=orders-1");

        assertThat(paused.status()).isEqualTo(202);
        String instructionId = paused.json().get("instructionId").asText();
        await().atMost(PATIENCE).until(() -> !processor.isRunning());
        await().atMost(PATIENCE).untilAsserted(() -> {
            JsonNode instruction = find(ok(http.get("/v1/instructions")), "instructionId", instructionId);
            assertThat(instruction.get("type").asText()).isEqualTo("PAUSE_EVENT_PROCESSOR");
            assertThat(instruction.get("clientId").asText()).isEqualTo("orders-1");
            assertThat(instruction.get("state").asText()).isEqualTo("SUCCEEDED");
        });

        assertThat(http.post("/v1/processors/" + Orders.SUMMARY + "/start?clientId=orders-1").status())
                .isEqualTo(202);
        await().atMost(PATIENCE).until(processor::isRunning);
    }

    @Test
    void servesTheDashboardFromTheRootOfTheHttpPort() {
        Http.Response root = http.get("/");
        assertThat(root.status()).isEqualTo(302);
        assertThat(root.location()).endsWith("/dashboard/");

        Http.Response page = http.get("/dashboard/");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.contentType()).startsWith("text/html");
        assertThat(page.body()).contains("<script type=\"module\" src=\"js/app.js\"></script>");
        Http.Response script = http.get("/dashboard/js/app.js");
        assertThat(script.status()).isEqualTo(200);
        assertThat(script.contentType()).contains("javascript");
    }

    @Test
    void reportsHealthIncludingTheStoreAndExposesMetricsToPrometheus() {
        Http.Response response = http.get("/actuator/health");
        assertThat(response.status()).isEqualTo(200);
        JsonNode health = response.json();
        assertThat(health.get("status").asText()).isEqualTo("UP");
        JsonNode store = health.get("components").get("store");
        assertThat(store.get("status").asText()).isEqualTo("UP");
        assertThat(store.get("details").get("contexts").get("default").get("writable").asBoolean()).isTrue();

        Http.Response prometheus = http.get("/actuator/prometheus");
        assertThat(prometheus.status()).isEqualTo(200);
        assertThat(prometheus.body())
                .contains("axonserver_events_appended_total{application=\"axonserver\",context=\"default\"} 4.0")
                .contains("axonserver_events_head{application=\"axonserver\",context=\"default\"} 3.0")
                .contains("axonserver_commands_routed_total{application=\"axonserver\",result=\"success\"} 4.0")
                .contains("axonserver_command_latency_seconds_count")
                .contains("axonserver_queries_routed_total")
                .contains("axonserver_append_latency_seconds_count")
                .contains("axonserver_store_writable{application=\"axonserver\",context=\"default\"} 1.0")
                .contains("jvm_memory_used_bytes");
    }

    @Test
    void samplesAppendedEventsRoutedMessagesAndProcessorLagForTheCharts() {
        await().atMost(PATIENCE).untilAsserted(() -> {
            JsonNode trends = ok(http.get("/v1/trends"));
            assertThat(trends.get("intervalMillis").asLong()).isEqualTo(200);
            List<JsonNode> points = new ArrayList<>();
            trends.get("points").forEach(points::add);
            assertThat(points).anySatisfy(point -> {
                assertThat(point.at("/eventsPerSecond/" + OrderPlaced.class.getName()).asDouble())
                        .isPositive();
                assertThat(point.get("commandsPerSecond").asDouble()).isPositive();
                assertThat(point.get("commandLatencyMillis").asDouble()).isPositive();
            });
            // The projection caught up: no event of the log after its position.
            assertThat(points.get(points.size() - 1).at("/processorLag/orders~1" + Orders.SUMMARY).isNumber()).isTrue();
            assertThat(points.get(points.size() - 1).at("/processorLag/orders~1" + Orders.SUMMARY).asLong()).isZero();
        });
    }

    @Test
    void refusesBadInputWithAProblemDetail() {
        assertProblem(http.get("/v1/events?from=yesterday"), 400, "from must be an ISO-8601 date-time");
        assertProblem(http.get("/v1/events?from=" + afterOrders + "&to=" + beforeOrders), 400, "is after to");
        assertProblem(http.get("/v1/events?context=nope"), 400, "Unknown context 'nope'");
        assertProblem(http.get("/v1/events?limit=0"), 400, "limit must be from 1 to 500");
        assertProblem(http.get("/v1/events?limit=501"), 400, "limit must be from 1 to 500");
        assertProblem(http.get("/v1/events?limit=ten"), 400, "limit must be a whole number");
        assertProblem(http.get("/v1/events?after=abc"), 400, "after must be the 'next' value");
        assertProblem(http.get("/v1/events?order=sideways"), 400, "order must be 'newest' or 'oldest'");
        assertProblem(http.get("/v1/payload-types?context=nope"), 400, "Unknown context");
        assertProblem(http.get("/v1/aggregates/order-1?fromSequence=x"), 400, "fromSequence must be");
        assertProblem(http.post("/v1/processors/" + Orders.SUMMARY + "/pause"), 400, "clientId is required");
        assertProblem(http.post("/v1/processors/" + Orders.SUMMARY + "/split?clientId=orders-1"), 400,
                "split needs the segment parameter");
        assertProblem(http.post("/v1/processors/" + Orders.SUMMARY + "/split?clientId=orders-1&segment=one"), 400,
                "segment must be a segment id");
        assertProblem(http.post("/v1/processors/" + Orders.SUMMARY + "/explode?clientId=orders-1"), 400,
                "Unknown action 'explode'");
        assertProblem(http.post("/v1/processors/" + Orders.SUMMARY + "/pause?clientId=nobody"), 404,
                "No client 'nobody'");
        assertProblem(http.post("/v1/processors/no-such-processor/pause?clientId=orders-1"), 404,
                "reports no event processor named 'no-such-processor'");
        assertProblem(http.get("/v1/aggregates/no-such-order"), 404, "No events of aggregate 'no-such-order'");
    }

    /** What Tomcat and the firewall refuse before any controller, sent raw as no ordinary client would. */
    @Test
    void answersWhatTheContainerRefusesAsAProblem() throws IOException {
        for (String target : List.of("/v1/events?context[$ne]=x", "/v1/aggregates/%2e%2e%2f", "/v1/aggregates/..;",
                "/v1/aggregates/%00")) {
            try (Socket socket = new Socket("localhost", server.httpPort())) {
                socket.getOutputStream().write(("GET " + target + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                        + SigninServer.operatorToken() + "\r\nConnection: close\r\n\r\n")
                        .getBytes(StandardCharsets.ISO_8859_1));
                String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

                assertThat(answer).as(target).startsWith("HTTP/1.1 400")
                        .containsIgnoringCase("Content-Type: application/problem+json")
                        .contains("\"status\":400,\"detail\":\"");
            }
        }
    }

    private static void assertProblem(Http.Response response, int status, String detail) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.contentType()).isEqualTo("application/problem+json");
        assertThat(response.json().get("detail").asText()).contains(detail);
    }

    private static Map<String, String> withTrendsEvery200MillisForMinutes() {
        Map<String, String> settings = new HashMap<>(SigninServer.trusted());
        settings.put("axonserver.trends.interval", "200ms");
        // Long enough to keep the points of the orders placed before the first test until the last.
        settings.put("axonserver.trends.points", "3000");
        return settings;
    }

    private static JsonNode ok(Http.Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.contentType()).startsWith("application/json");
        return response.json();
    }

    private static JsonNode find(JsonNode array, String field, String value) {
        return StreamSupport.stream(array.spliterator(), false)
                .filter(node -> node.get(field).asText().equals(value))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + field + "=" + value + " in " + array));
    }

    private static List<String> texts(JsonNode array, String field) {
        List<String> values = new ArrayList<>();
        array.forEach(node -> values.add(node.get(field).asText()));
        return values;
    }

    private static List<String> texts(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(node -> values.add(node.asText()));
        return values;
    }
}
