package org.orderplatform.flow;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Orders placed and followed over HTTP in {@link Services}: products added by the operator {@code olivia}, orders
 * placed by the customer {@code alice}, and what the services and the Axon server then say of them.
 */
final class FlowOrders {

    static final Duration PATIENCE = Duration.ofSeconds(30);

    private final Services services;
    private final String alice;
    private final String olivia;

    FlowOrders(Services services) {
        this.services = services;
        this.alice = services.token("alice");
        this.olivia = services.token("olivia");
    }

    String addProduct(String price, int stock) {
        String sku = "sku-" + UUID.randomUUID();
        return Http.post(services.catalogUrl() + "/products",
                "{\"sku\":\"" + sku + "\",\"name\":\"Mug\",\"price\":\"" + price + "\",\"currency\":\"EUR\",\"stock\":" + stock + "}",
                Http.bearer(olivia)).text("productId");
    }

    static String order(String productId, int quantity, String paymentToken) {
        return "{\"customerId\":\"alice\",\"customerEmail\":\"alice@example.com\",\"items\":[{\"productId\":\""
                + productId + "\",\"quantity\":" + quantity + "}],\"paymentToken\":\"" + paymentToken + "\"}";
    }

    String place(String productId, int quantity, String paymentToken) {
        Http.Answer placed = Http.post(services.orderCommandUrl() + "/orders", order(productId, quantity, paymentToken), Http.bearer(alice));
        assertThat(placed.status()).as("%s", placed.body()).isEqualTo(201);
        assertThat(placed.text("status")).isEqualTo("PENDING");
        assertThat(placed.headers().getLocation()).hasToString("/orders/" + placed.text("orderId"));
        return placed.text("orderId");
    }

    /** The order's events, as Axon Server shows them over HTTP: simple names, with the reason where one is given. */
    List<String> orderEvents(String orderId) {
        JsonNode history = Http.get(services.axonServerUrl() + "/v1/aggregates/" + orderId, Http.bearer(olivia)).body();
        List<String> events = new ArrayList<>();
        history.get("events").forEach(event -> events.add(event.get("payloadType").asText()
                .replaceFirst(".*\\.", "") + reasonOf(event)));
        return events;
    }

    private static String reasonOf(JsonNode event) {
        String payload = event.get("payload").asText();
        int at = payload.indexOf("\"reason\"");
        return at < 0 ? "" : "(" + payload.substring(payload.indexOf(':', at) + 1).replaceAll("[^A-Z_]", "") + ")";
    }

    void awaitFinal(String orderId, String finalEvent) {
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(orderEvents(orderId)).last().isEqualTo(finalEvent));
    }

    /** Waits until the order's saga is open in {@code step}; polled often, as some steps last seconds only. */
    void awaitOpenSagaIn(String orderId, String step) {
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(50)).untilAsserted(() -> {
            Http.Answer saga = Http.get(services.orderCommandUrl() + "/admin/sagas/" + orderId, Http.bearer(olivia));
            assertThat(saga.status()).isEqualTo(200);
            assertThat(saga.text("step")).isEqualTo(step);
        });
    }

    JsonNode stock(String productId) {
        return Http.get(services.catalogUrl() + "/products/" + productId, Http.bearer(alice)).body().get("stock");
    }

    JsonNode payment(String orderId) {
        return Http.get(services.paymentUrl() + "/payments/" + orderId, Http.bearer(olivia)).body();
    }
}
