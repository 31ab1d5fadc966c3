package org.orderplatform.order.query;

import com.fasterxml.jackson.databind.JsonNode;
import org.axonframework.queryhandling.QueryUpdateEmitter;
import org.junit.jupiter.api.Test;
import org.orderplatform.api.order.CancellationReason;
import org.orderplatform.api.order.FindOrderQuery;
import org.orderplatform.api.order.OrderCancelledEvent;
import org.orderplatform.api.order.OrderConfirmedEvent;
import org.orderplatform.api.order.OrderId;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** {@code GET /orders/{id}/updates} read by a real HTTP client, fed by a subscription query through the Axon server. */
class OrderUpdatesIT extends OrderQueryIntegrationTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Autowired
    QueryUpdateEmitter updateEmitter;

    @Test
    void streamsTheCurrentViewThenEachChangeAndEndsAfterTheFinalStatus() throws Exception {
        String orderId = newId("order");
        publish(orderId, 0, placed(orderId, "c-1"));
        awaitOrder(orderId, "PENDING");

        try (EventStream stream = open(orderId)) {
            assertThat(stream.response.statusCode()).isEqualTo(200);
            assertThat(stream.response.headers().firstValue("Content-Type")).get().asString()
                    .startsWith("text/event-stream");
            JsonNode first = stream.nextOrder();
            publish(orderId, 1, new OrderCancelledEvent(new OrderId(orderId), CancellationReason.CUSTOMER_REQUEST));
            JsonNode second = stream.nextOrder();

            assertThat(first.path("orderId").asText()).isEqualTo(orderId);
            assertThat(first.path("status").asText()).isEqualTo("PENDING");
            assertThat(second.path("status").asText()).isEqualTo("CANCELLED");
            assertThat(second.path("reason").asText()).isEqualTo("CUSTOMER_REQUEST");
            assertThat(second.path("history")).hasSize(2);
            assertThat(stream.nextOrder()).as("the stream ends after a final status").isNull();
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> subscribed(orderId) == 0);
    }

    @Test
    void aStreamOpenedJustBeforeTheOrderIsProjectedStartsWithIt() throws Exception {
        String orderId = newId("order");
        CompletableFuture<HttpResponse<InputStream>> opening = HTTP.sendAsync(request(orderId),
                HttpResponse.BodyHandlers.ofInputStream());
        await().atMost(Duration.ofSeconds(5)).until(() -> subscribed(orderId) == 1);
        publish(orderId, 0, placed(orderId, "c-1"));

        try (EventStream stream = new EventStream(opening.get(10, TimeUnit.SECONDS))) {
            assertThat(stream.response.statusCode()).isEqualTo(200);
            assertThat(stream.nextOrder().path("status").asText()).isEqualTo("PENDING");
            publish(orderId, 1, new OrderConfirmedEvent(new OrderId(orderId)));
            assertThat(stream.nextOrder().path("status").asText()).isEqualTo("CONFIRMED");
        }
    }

    @Test
    void anUnknownOrderIsNotFound() throws Exception {
        String orderId = newId("missing");
        // As a customer: not knowing the order's owner, the answer is that there is none, not that it is forbidden.
        HttpResponse<String> response = HTTP.send(request(orderId, ALICE), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type")).get().asString()
                .startsWith("application/problem+json");
        assertThat(JSON.readTree(response.body()).path("detail").asText()).isEqualTo("no order " + orderId);
        await().atMost(Duration.ofSeconds(5)).until(() -> subscribed(orderId) == 0);
    }

    @Test
    void aCustomerFollowsTheirOwnOrder() throws Exception {
        String orderId = pendingOrderOf("alice");

        try (EventStream stream = open(orderId, ALICE)) {
            assertThat(stream.response.statusCode()).isEqualTo(200);
            JsonNode first = stream.nextOrder();

            assertThat(first.path("orderId").asText()).isEqualTo(orderId);
            assertThat(first.path("customerId").asText()).isEqualTo("alice");
        }
    }

    @Test
    void anotherCustomersOrderIsForbiddenBeforeAnyEventIsSent() throws Exception {
        String orderId = pendingOrderOf("alice");

        HttpResponse<String> response = HTTP.send(request(orderId, BOB), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.headers().firstValue("Content-Type")).get().asString()
                .startsWith("application/problem+json");
        assertThat(JSON.readTree(response.body()).path("detail").asText())
                .isEqualTo("order " + orderId + " belongs to another customer than bob");
        await().atMost(Duration.ofSeconds(5)).until(() -> subscribed(orderId) == 0);
    }

    @Test
    void aStreamNeedsAToken() throws Exception {
        String orderId = pendingOrderOf("alice");

        HttpResponse<String> response = HTTP.send(request(orderId, null), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("Content-Type")).get().asString()
                .startsWith("application/problem+json");
        assertThat(subscribed(orderId)).isZero();
    }

    @Test
    void aClientThatDisconnectsFreesItsSubscription() throws Exception {
        String orderId = newId("order");
        publish(orderId, 0, placed(orderId, "c-1"));
        awaitOrder(orderId, "PENDING");

        EventStream stream = open(orderId);
        assertThat(stream.nextOrder().path("status").asText()).isEqualTo("PENDING");
        assertThat(subscribed(orderId)).isEqualTo(1);
        stream.close();

        await().atMost(Duration.ofSeconds(10)).until(() -> subscribed(orderId) == 0);
    }

    /** Subscription queries for this order that the handling side still serves. */
    private long subscribed(String orderId) {
        return updateEmitter.activeSubscriptions().stream()
                .filter(query -> query.getPayload() instanceof FindOrderQuery find
                        && find.orderId().value().equals(orderId))
                .count();
    }

    private HttpRequest request(String orderId) {
        return request(orderId, OPERATOR);
    }

    /** Without a token when {@code token} is null. */
    private HttpRequest request(String orderId, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/orders/" + orderId + "/updates"))
                .header(HttpHeaders.ACCEPT, MediaType.TEXT_EVENT_STREAM_VALUE);
        if (token != null) {
            request.header(HttpHeaders.AUTHORIZATION, "Bearer " + token);
        }
        return request.build();
    }

    private EventStream open(String orderId) throws IOException, InterruptedException {
        return open(orderId, OPERATOR);
    }

    private EventStream open(String orderId, String token) throws IOException, InterruptedException {
        return new EventStream(HTTP.send(request(orderId, token), HttpResponse.BodyHandlers.ofInputStream()));
    }

    /** Reads server-sent events as they arrive; keep-alive comments are skipped. */
    private static final class EventStream implements AutoCloseable {

        final HttpResponse<InputStream> response;
        private final BufferedReader lines;

        EventStream(HttpResponse<InputStream> response) {
            this.response = response;
            this.lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8));
        }

        /** The next {@code order} event's view, or null once the server has ended the stream. */
        JsonNode nextOrder() throws IOException {
            return CompletableFuture.supplyAsync(() -> {
                try {
                    String event = null;
                    for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                        if (line.startsWith("event:")) {
                            event = line.substring("event:".length()).trim();
                        } else if (line.startsWith("data:") && "order".equals(event)) {
                            return JSON.readTree(line.substring("data:".length()));
                        }
                    }
                    return null;
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }).orTimeout(15, TimeUnit.SECONDS).join();
        }

        @Override
        public void close() throws IOException {
            lines.close();
        }
    }
}
