package org.orderplatform.order.query;

import com.fasterxml.jackson.databind.JsonNode;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.junit.jupiter.api.Test;
import org.orderplatform.api.order.OrderConfirmedEvent;
import org.orderplatform.api.order.OrderId;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Two instances of order-query on one token store and one read model: a replay asked of either involves both. */
class MultiInstanceReplayIT extends OrderQueryIntegrationTest {

    @Autowired
    EventProcessingConfiguration processing;

    @Test
    void aReplayStartedOnOneInstanceIsCoordinatedAcrossBoth() {
        String customerId = newId("customer");
        List<String> orderIds = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            String orderId = newId("order");
            orderIds.add(orderId);
            publish(orderId, 0, placed(orderId, customerId));
        }
        orderIds.forEach(orderId -> awaitOrder(orderId, "PENDING"));

        try (ConfigurableApplicationContext second = startSecondInstance()) {
            String secondUrl = "http://localhost:" + second.getEnvironment().getProperty("local.server.port");
            StreamingEventProcessor mine = processor(processing);
            StreamingEventProcessor theirs = processor(second.getBean(EventProcessingConfiguration.class));
            // Hand one segment to the second instance, so that the reset must wait for both to let go.
            mine.releaseSegment(1, 10, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(30)).until(() -> theirs.processingStatus().containsKey(1));

            JsonNode started = startReplayOn(secondUrl);
            int again = get("/admin/projections/orders").status();
            Answer conflict = post("/admin/projections/orders/replay");
            for (int i = 0; i < 10; i++) {
                publish(orderIds.get(i), 1, new OrderConfirmedEvent(new OrderId(orderIds.get(i))));
            }

            assertThat(started.path("state").asText()).isEqualTo("REPLAYING");
            assertThat(again).isEqualTo(200);
            assertThat(conflict.status()).isEqualTo(409);
            await().atMost(Duration.ofSeconds(60)).until(() ->
                    "LIVE".equals(get("/admin/projections/orders").body().path("state").asText())
                            && "LIVE".equals(status(secondUrl).path("state").asText()));
            orderIds.subList(0, 10).forEach(orderId -> awaitOrder(orderId, "CONFIRMED"));
            JsonNode page = client(secondUrl, OPERATOR).get()
                    .uri("/orders?customerId=" + customerId + "&status=CONFIRMED&size=100")
                    .retrieve().body(JsonNode.class);
            assertThat(page.path("totalElements").asLong()).isEqualTo(10);
            assertThat(get("/orders?customerId=" + customerId + "&size=1").body().path("totalElements").asLong())
                    .isEqualTo(50);
        }
    }

    private ConfigurableApplicationContext startSecondInstance() {
        return new SpringApplicationBuilder(OrderQueryApplication.class)
                .properties(OrderQueryApplication.CONFIG_NAME)
                .run("--server.port=0",
                        "--spring.data.mongodb.uri=" + Infrastructure.MONGO.connectionString() + "/orders-query",
                        "--axon.axonserver.servers=" + Infrastructure.AXON_SERVER.servers(),
                        "--axon.axonserver.client-id=order-query-2",
                        "--order-query.replay.node-id=instance-2",
                        "--spring.security.oauth2.resourceserver.jwt.jwk-set-uri=" + Infrastructure.SIGNIN.jwkSetUri());
    }

    private static StreamingEventProcessor processor(EventProcessingConfiguration processing) {
        return processing.eventProcessor("orders", StreamingEventProcessor.class).orElseThrow();
    }

    private static JsonNode startReplayOn(String baseUrl) {
        return client(baseUrl, OPERATOR).post().uri("/admin/projections/orders/replay").retrieve().body(JsonNode.class);
    }

    private static JsonNode status(String baseUrl) {
        return client(baseUrl, OPERATOR).get().uri("/admin/projections/orders").retrieve().body(JsonNode.class);
    }
}
