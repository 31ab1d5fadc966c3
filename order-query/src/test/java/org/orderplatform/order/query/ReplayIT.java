package org.orderplatform.order.query;

import com.fasterxml.jackson.databind.JsonNode;
import org.axonframework.eventhandling.DomainEventMessage;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.orderplatform.api.order.CancellationReason;
import org.orderplatform.api.order.OrderCancelledEvent;
import org.orderplatform.api.order.OrderConfirmedEvent;
import org.orderplatform.api.order.OrderId;
import org.orderplatform.order.query.replay.Projections;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.http.MediaType;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Rebuilding the order view from the first event, through the admin API, while the service keeps serving. */
class ReplayIT extends OrderQueryIntegrationTest {

    @Autowired
    Projections projections;
    @Autowired
    MongoTemplate mongo;

    @Test
    void projectionsAreListedWithTheirState() {
        awaitLive();

        Answer list = get("/admin/projections");
        Answer orders = get("/admin/projections/orders");
        Answer unknown = get("/admin/projections/nothing");
        Answer unknownReplay = post("/admin/projections/nothing/replay");

        assertThat(list.status()).isEqualTo(200);
        assertThat(list.body()).hasSize(1);
        assertThat(list.body().get(0).path("name").asText()).isEqualTo("orders");
        assertThat(orders.body().path("state").asText()).isEqualTo("LIVE");
        List<String> fields = new ArrayList<>();
        orders.body().fieldNames().forEachRemaining(fields::add);
        assertThat(fields).containsExactly("name", "state", "position", "head");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.type()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(unknownReplay.status()).isEqualTo(404);
    }

    @Test
    void onlyOperatorsReachTheProjections() {
        awaitLive();

        Answer customerList = get("/admin/projections", ALICE);
        Answer customerReplay = post("/admin/projections/orders/replay", ALICE);
        Answer serviceReplay = post("/admin/projections/orders/replay", SERVICE);
        Answer anonymousReplay = post("/admin/projections/orders/replay", null);
        Answer operatorStatus = get("/admin/projections/orders", OPERATOR);

        assertThat(customerList.status()).isEqualTo(403);
        assertThat(customerList.type()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(customerList.body().path("detail").asText())
                .isEqualTo("GET /admin/projections needs the operator role; alice has the roles [customer]");
        assertThat(customerReplay.status()).isEqualTo(403);
        assertThat(customerReplay.body().path("detail").asText())
                .isEqualTo("POST /admin/projections/orders/replay needs the operator role;"
                        + " alice has the roles [customer]");
        assertThat(serviceReplay.status()).isEqualTo(403);
        assertThat(anonymousReplay.status()).isEqualTo(401);
        assertThat(operatorStatus.status()).isEqualTo(200);
        assertThat(operatorStatus.body().path("state").asText()).as("no replay was started").isEqualTo("LIVE");
    }

    @Test
    void aReplayUnderLiveTrafficConvergesToTheSameDocumentsAsAFreshBuild() throws Exception {
        String customerId = newId("customer");
        List<String> history = new ArrayList<>();
        List<DomainEventMessage<?>> events = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            String orderId = newId("order");
            history.add(orderId);
            events.add(event(orderId, 0, placed(orderId, customerId)));
            if (i % 3 == 0) {
                events.add(event(orderId, 1, new OrderConfirmedEvent(new OrderId(orderId))));
            }
            if (events.size() >= 100) {
                eventStore.publish(events);
                events.clear();
            }
        }
        eventStore.publish(events);
        awaitCount(customerId, 600);
        awaitLive();
        String collectionBefore = projections.liveCollection("orders").getNamespace().getCollectionName();

        AtomicBoolean trafficOn = new AtomicBoolean(true);
        AtomicInteger placedLive = new AtomicInteger();
        CompletableFuture<Void> traffic = CompletableFuture.runAsync(() -> {
            for (int i = 0; trafficOn.get(); i++) {
                String orderId = newId("live");
                publish(orderId, 0, placed(orderId, customerId));
                placedLive.incrementAndGet();
                // Orders placed before the replay get their final event while it runs; each one once.
                if (i % 3 == 1 && i < history.size()) {
                    String earlier = history.get(i);
                    publish(earlier, 1, new OrderCancelledEvent(new OrderId(earlier), CancellationReason.PAYMENT_TIMEOUT));
                }
                sleep(5);
            }
        });
        sleep(200);

        Answer started = post("/admin/projections/orders/replay");
        Answer again = post("/admin/projections/orders/replay");
        Answer servedDuringReplay = get("/orders/" + history.get(0));

        assertThat(started.status()).isEqualTo(202);
        assertThat(started.body().path("name").asText()).isEqualTo("orders");
        assertThat(started.body().path("state").asText()).isEqualTo("REPLAYING");
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.type()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(servedDuringReplay.status()).isEqualTo(200);
        assertThat(servedDuringReplay.body().path("status").asText()).isEqualTo("CONFIRMED");

        awaitLive();
        sleep(300);
        trafficOn.set(false);
        traffic.get();
        int total = 600 + placedLive.get();
        awaitCount(customerId, total);
        awaitCaughtUp();
        Map<String, Document> afterLiveReplay = documents();

        assertThat(projections.liveCollection("orders").getNamespace().getCollectionName()).isNotEqualTo(collectionBefore);
        assertThat(projections.liveCollection("orders").listIndexes().map(index -> index.getString("name")).into(new ArrayList<>()))
                .as("built once the rebuilt collection caught up, before reads switched to it")
                .contains("customer_newest", "customer_status_newest", "status_newest", "newest");
        assertThat(afterLiveReplay.values().stream().filter(order -> customerId.equals(order.getString("customerId"))))
                .hasSize(total);

        assertThat(post("/admin/projections/orders/replay").status()).isEqualTo(202);
        awaitLive();
        awaitCaughtUp();

        assertThat(documents()).isEqualTo(afterLiveReplay);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(mongo.getCollectionNames())
                .filteredOn(name -> name.startsWith("orders_v"))
                .containsExactly(projections.liveCollection("orders").getNamespace().getCollectionName()));
    }

    private Map<String, Document> documents() {
        Map<String, Document> documents = new HashMap<>();
        projections.liveCollection("orders").find().forEach(document -> documents.put(document.getString("_id"), document));
        return documents;
    }

    private void awaitCount(String customerId, long count) {
        await().atMost(Duration.ofSeconds(60)).until(() -> get("/orders?customerId=" + customerId + "&size=1")
                .body().path("totalElements").asLong() == count);
    }

    private void awaitLive() {
        await().atMost(Duration.ofSeconds(60)).until(() -> "LIVE".equals(status().path("state").asText()));
    }

    private void awaitCaughtUp() {
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            JsonNode status = status();
            return !status.path("position").isNull() && status.path("position").asLong() == status.path("head").asLong();
        });
    }

    private JsonNode status() {
        return get("/admin/projections/orders").body();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
