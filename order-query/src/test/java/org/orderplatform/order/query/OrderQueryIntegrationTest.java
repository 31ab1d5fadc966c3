package org.orderplatform.order.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.MetaData;
import org.orderplatform.api.catalog.ProductId;
import org.orderplatform.api.common.Money;
import org.orderplatform.api.order.CustomerId;
import org.orderplatform.api.order.OrderId;
import org.orderplatform.api.order.OrderLine;
import org.orderplatform.api.order.OrderPlacedEvent;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.awaitility.Awaitility.await;

/**
 * order-query against the real Axon server, the MongoDB-compatible server and the sign-in server. Every subclass runs
 * in the same Spring context; each test uses its own order ids and, unless it is about customers, its own customer
 * ids, so tests do not see each other's orders. Requests go with the operator's token unless a test names another.
 */
@AutoConfigureObservability(tracing = false)
@SpringBootTest(classes = OrderQueryApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {OrderQueryApplication.CONFIG_NAME,
                "order-query.replay.node-id=instance-1",
                "order-query.updates.keep-alive=200ms",
                "order-query.updates.await-unknown=1s",
                "order-query.replay.retire-after=1s",
                // Segments freed by a stopped instance are picked up within a second rather than five.
                "axon.eventhandling.processors.orders.token-claim-interval=1000",
                "support.metrics.sample-interval=200ms",
                // Dead letters are retried when a test says so.
                "support.dead-letters.retry-interval=1h"})
@Import(FaultyOrderHandler.class)
abstract class OrderQueryIntegrationTest {

    static final ObjectMapper JSON = new ObjectMapper();
    /** Customers, whose customer ids are their names. */
    static final String ALICE = Infrastructure.SIGNIN.token("alice");
    static final String BOB = Infrastructure.SIGNIN.token("bob");
    /** olivia, an operator. */
    static final String OPERATOR = Infrastructure.SIGNIN.token("olivia");
    static final String SERVICE = Infrastructure.SIGNIN.serviceToken();

    @LocalServerPort
    int port;
    @Autowired
    EventStore eventStore;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        registry.add("spring.data.mongodb.uri", () -> Infrastructure.MONGO.connectionString() + "/orders-query");
        registry.add("axon.axonserver.servers", Infrastructure.AXON_SERVER::servers);
        registry.add("spring.security.oauth2.resourceserver.jwt.jwk-set-uri", Infrastructure.SIGNIN::jwkSetUri);
    }

    record Answer(int status, MediaType type, JsonNode body) {
    }

    Answer get(String path) {
        return get(path, OPERATOR);
    }

    Answer get(String path, String token) {
        return exchange(client(token).get().uri(path));
    }

    Answer post(String path) {
        return post(path, OPERATOR);
    }

    Answer post(String path, String token) {
        return exchange(client(token).post().uri(path));
    }

    Answer delete(String path, String token) {
        return exchange(client(token).delete().uri(path));
    }

    RestClient client(String token) {
        return client("http://localhost:" + port, token);
    }

    /** Requests to the instance at {@code baseUrl} with {@code token}, or without a token when it is null. */
    static RestClient client(String baseUrl, String token) {
        return RestClient.builder().baseUrl(baseUrl)
                .defaultHeaders(headers -> {
                    if (token != null) {
                        headers.setBearerAuth(token);
                    }
                })
                .build();
    }

    private static Answer exchange(RestClient.RequestHeadersSpec<?> request) {
        return request.exchange((req, response) -> {
            byte[] body = response.getBody().readAllBytes();
            return new Answer(response.getStatusCode().value(), response.getHeaders().getContentType(),
                    body.length == 0 ? null : JSON.readTree(body));
        });
    }

    JsonNode awaitOrder(String orderId, String status) {
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            Answer answer = get("/orders/" + orderId);
            return answer.status() == 200 && answer.body().path("status").asText().equals(status);
        });
        return get("/orders/" + orderId).body();
    }

    /** A new order of the customer, placed and seen by the view. */
    String pendingOrderOf(String customerId) {
        String orderId = newId("order");
        publish(orderId, 0, placed(orderId, customerId));
        awaitOrder(orderId, "PENDING");
        return orderId;
    }

    static String newId(String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }

    static OrderPlacedEvent placed(String orderId, String customerId) {
        List<OrderLine> lines = List.of(
                new OrderLine(new ProductId("p-1"), 2, Money.of("29.90", "EUR")),
                new OrderLine(new ProductId("p-2"), 1, Money.of("5.00", "EUR")));
        return new OrderPlacedEvent(new OrderId(orderId), new CustomerId(customerId), "ann@example.com", lines,
                Money.of("64.80", "EUR"), "tok_visa");
    }

    /** Appends events of one order as the {@code Order} aggregate does, through the Axon server. */
    void publish(String orderId, long firstSequence, Object... payloads) {
        List<DomainEventMessage<?>> messages = new ArrayList<>();
        for (int i = 0; i < payloads.length; i++) {
            messages.add(event(orderId, firstSequence + i, payloads[i]));
        }
        eventStore.publish(messages);
    }

    static DomainEventMessage<?> event(String orderId, long sequence, Object payload) {
        return new GenericDomainEventMessage<>("Order", orderId, sequence, payload, MetaData.emptyInstance(),
                UUID.randomUUID().toString(), Instant.now().truncatedTo(ChronoUnit.MILLIS));
    }
}
