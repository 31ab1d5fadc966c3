package org.orderplatform.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.StreamSupport;

/** The suite's HTTP APIs the benchmark reads and writes, on the ports {@code ./suite up} gives the services. */
final class SuiteClient {

    static final String ORDER_COMMAND = "http://localhost:8081";
    private static final String ORDER_QUERY = "http://localhost:8082";
    private static final String CATALOG = "http://localhost:8084";
    private static final String PAYMENT = "http://localhost:8083";
    private static final String NOTIFICATION = "http://localhost:8085";
    private static final Map<String, String> HEALTH = healthUrls();
    /** The processes that send spans, by name: what a run comparing tracing samplings sets. */
    static final Map<String, String> TRACED = Map.of("gateway", "http://localhost:8080", "order-command", ORDER_COMMAND,
            "catalog", CATALOG, "payment", PAYMENT, "order-query", ORDER_QUERY, "notification", NOTIFICATION);
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();
    private final ObjectMapper json = new ObjectMapper();

    private static Map<String, String> healthUrls() {
        Map<String, String> urls = new LinkedHashMap<>();
        urls.put("axonserver", "http://localhost:8024");
        urls.put("catalog", CATALOG);
        urls.put("payment", PAYMENT);
        urls.put("order-command", ORDER_COMMAND);
        urls.put("order-query", ORDER_QUERY);
        urls.put("notification", NOTIFICATION);
        // Every call but these signs in there first.
        urls.put("signin", "http://localhost:9000");
        return urls;
    }

    /** The services whose {@code /actuator/health} does not answer UP. */
    List<String> unhealthy() {
        List<String> down = new ArrayList<>();
        HEALTH.forEach((name, url) -> {
            try {
                HttpResponse<String> health = sendAnonymously(HttpRequest.newBuilder(URI.create(url + "/actuator/health")));
                if (health.statusCode() != 200 || !"UP".equals(json.readTree(health.body()).path("status").asText())) {
                    down.add(name);
                }
            } catch (IOException | UncheckedIOException e) {
                down.add(name);
            }
        });
        return down;
    }

    String addProduct(String sku, long stock) {
        String body = """
                {"sku":"%s","name":"Benchmark item %s","price":"9.90","currency":"EUR","stock":%d}"""
                .formatted(sku, sku, stock);
        JsonNode created = expect(201, send(HttpRequest.newBuilder(URI.create(CATALOG + "/products"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))));
        return created.path("productId").asText();
    }

    StockLevel stock(String productId) {
        JsonNode stock = expect(200, send(HttpRequest.newBuilder(URI.create(CATALOG + "/products/" + productId))))
                .path("stock");
        return new StockLevel(stock.path("onHand").asLong(), stock.path("reserved").asLong());
    }

    /** The order as order-query shows it and, once it is final, its emails; unseen while either cannot be read. */
    OrderObservation observe(String orderId) {
        try {
            HttpResponse<String> found = send(HttpRequest.newBuilder(URI.create(ORDER_QUERY + "/orders/" + orderId)));
            if (found.statusCode() != 200) {
                return OrderObservation.unseen(orderId);
            }
            JsonNode order = json.readTree(found.body());
            String status = order.path("status").asText();
            Instant finalAt = StreamSupport.stream(order.path("history").spliterator(), false)
                    .filter(change -> change.path("status").asText().equals(status))
                    .map(change -> Instant.parse(change.path("at").asText()))
                    .findFirst()
                    .orElse(null);
            if (!OrderObservation.FINAL_STATUSES.contains(status) || finalAt == null) {
                return new OrderObservation(orderId, status, null, List.of());
            }
            return new OrderObservation(orderId, status, finalAt, notifications(orderId));
        } catch (IOException | UncheckedIOException | IllegalStateException | DateTimeParseException e) {
            return OrderObservation.unseen(orderId);
        }
    }

    private List<OrderObservation.Notification> notifications(String orderId) {
        JsonNode sent = expect(200, send(HttpRequest.newBuilder(
                URI.create(NOTIFICATION + "/notifications?orderId=" + encode(orderId)))));
        return StreamSupport.stream(sent.spliterator(), false)
                .map(email -> new OrderObservation.Notification(email.path("kind").asText(),
                        Instant.parse(email.path("sentAt").asText())))
                .toList();
    }

    /**
     * The orders that got no 201 during the run, each sent again until answered ({@link #placeAgain}): the audit must
     * know every order the suite holds.
     */
    List<PlacedOrder> placeAllAgain(String entryUrl, String customerId, List<UnansweredOrder> unanswered,
                                    Duration patience) {
        if (!unanswered.isEmpty()) {
            System.out.printf("Asking again for %d orders that got no 201 ...%n", unanswered.size());
        }
        return unanswered.stream()
                .flatMap(order -> placeAgain(entryUrl, customerId, order, patience).stream())
                .toList();
    }

    /**
     * Sends an order that got no 201 during the run once more, with its key and body, as its client would once the
     * suite answers again: its 201 names the order if the lost try placed one, or places it now. Empty when the
     * suite refused it, or gave no 201 within the patience.
     */
    Optional<PlacedOrder> placeAgain(String entryUrl, String customerId, UnansweredOrder order, Duration patience) {
        Instant giveUpAt = Instant.now().plus(patience);
        for (int tries = order.tries() + 1; Instant.now().isBefore(giveUpAt); tries++) {
            Duration backOff = Duration.ofSeconds(1);
            try {
                HttpResponse<String> answer = send(HttpRequest.newBuilder(URI.create(entryUrl + "/orders"))
                        .header("Content-Type", "application/json")
                        .header("Idempotency-Key", order.idempotencyKey())
                        .POST(HttpRequest.BodyPublishers.ofString(
                                OrderSimulation.body(customerId, order.productId(), order.quantity()))));
                if (answer.statusCode() == 201) {
                    return Optional.of(new PlacedOrder(order.idempotencyKey(),
                            json.readTree(answer.body()).path("orderId").asText(), order.productId(), order.quantity(),
                            tries, order.intendedAt(), Instant.now()));
                }
                if (answer.statusCode() < 500) {
                    return Optional.empty();
                }
                backOff = answer.headers().firstValueAsLong("Retry-After").stream()
                        .mapToObj(Duration::ofSeconds).findFirst().orElse(backOff);
            } catch (IOException | UncheckedIOException noAnswer) {
                // Asked again after the back-off.
            }
            OrderWatch.sleep(backOff);
        }
        return Optional.empty();
    }

    /** The status of the order's payment as the payment service shows it; empty when it has none. */
    Optional<String> paymentStatus(String orderId) {
        HttpResponse<String> found = send(HttpRequest.newBuilder(URI.create(PAYMENT + "/payments/" + encode(orderId))));
        if (found.statusCode() == 404) {
            return Optional.empty();
        }
        return Optional.of(expect(200, found).path("status").asText());
    }

    /** How many orders order-query holds for a customer, whatever their status. */
    long ordersOf(String customerId) {
        return expect(200, send(HttpRequest.newBuilder(
                URI.create(ORDER_QUERY + "/orders?size=1&customerId=" + encode(customerId)))))
                .path("totalElements").asLong();
    }

    /** The status of the order as the order-query instance at {@code orderQueryUrl} shows it; empty when it has none. */
    Optional<String> orderStatusAt(String orderQueryUrl, String orderId) {
        HttpResponse<String> found = send(HttpRequest.newBuilder(URI.create(orderQueryUrl + "/orders/" + encode(orderId))));
        if (found.statusCode() == 404) {
            return Optional.empty();
        }
        return Optional.of(expect(200, found).path("status").asText());
    }

    /** An operator's read of a JSON API, such as Axon Server's {@code /v1} or a service's {@code /admin}. */
    JsonNode operatorGet(String url, String operatorToken) {
        return expect(200, sendAnonymously(HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer " + operatorToken)));
    }

    /** An operator's request without a body, answered {@code status}. */
    void operatorPost(String url, String operatorToken, int status) {
        expect(status, sendAnonymously(HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer " + operatorToken)
                .POST(HttpRequest.BodyPublishers.noBody())));
    }

    /** The share of new traces the traced process records ({@code /actuator/tracing}, operators only). */
    double tracingSampling(String process, String operatorToken) {
        return expect(200, sendAnonymously(HttpRequest.newBuilder(tracingEndpoint(process))
                .header("Authorization", "Bearer " + operatorToken))).path("probability").asDouble();
    }

    void setTracingSampling(String process, double probability, String operatorToken) {
        expect(200, sendAnonymously(HttpRequest.newBuilder(tracingEndpoint(process))
                .header("Authorization", "Bearer " + operatorToken)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"probability\":" + probability + "}"))));
    }

    private static URI tracingEndpoint(String process) {
        return URI.create(TRACED.get(process) + "/actuator/tracing");
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        return sendAnonymously(request.header("Authorization", ServiceToken.bearer()));
    }

    /** Health needs no token, so it is told while the sign-in server is down. */
    private HttpResponse<String> sendAnonymously(HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(request.build().uri() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private JsonNode expect(int status, HttpResponse<String> response) {
        if (response.statusCode() != status) {
            throw new IllegalStateException(response.request().method() + " " + response.request().uri() + " answered "
                    + response.statusCode() + ", expected " + status + ": " + response.body());
        }
        try {
            return json.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
