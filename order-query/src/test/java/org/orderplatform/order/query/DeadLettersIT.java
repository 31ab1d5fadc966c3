package org.orderplatform.order.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.async.SequentialPerAggregatePolicy;
import org.junit.jupiter.api.Test;
import org.orderplatform.api.order.CancellationReason;
import org.orderplatform.api.order.OrderCancelledEvent;
import org.orderplatform.api.order.OrderConfirmedEvent;
import org.orderplatform.api.order.OrderId;
import org.orderplatform.order.query.replay.Projections;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The order view's dead-letter queue: an event that cannot be projected is parked with its order's later events
 * behind it while other orders flow on; operators list, retry and evict the letters.
 */
class DeadLettersIT extends OrderQueryIntegrationTest {

    private static final String PLACED = "org.orderplatform.api.order.OrderPlacedEvent";
    private static final String CONFIRMED = "org.orderplatform.api.order.OrderConfirmedEvent";
    private static final String CANCELLED = "org.orderplatform.api.order.OrderCancelledEvent";

    @Autowired
    FaultyOrderHandler faults;
    @Autowired
    Projections projections;
    @Autowired
    EventProcessingConfiguration processing;

    @Test
    void aPoisonedEventIsParkedWithItsOrdersLaterEventsBehindItWhileOtherOrdersFlow() {
        String poisoned = newId("order");
        String other = newId("order");
        faults.poison(poisoned, Object.class);

        publish(poisoned, 0, placed(poisoned, "c-1"));
        publish(other, 0, placed(other, "c-1"));
        awaitOrder(other, "PENDING");
        awaitLetters(poisoned, 1);
        publish(poisoned, 1, new OrderConfirmedEvent(new OrderId(poisoned)));
        publish(other, 1, new OrderConfirmedEvent(new OrderId(other)));
        awaitOrder(other, "CONFIRMED");
        List<JsonNode> letters = awaitLetters(poisoned, 2);

        JsonNode failed = letters.get(0);
        assertThat(failed.path("processor").asText()).isEqualTo("orders");
        assertThat(failed.path("eventType").asText()).isEqualTo(PLACED);
        assertThat(failed.path("aggregateId").asText()).isEqualTo(poisoned);
        assertThat(failed.path("sequence").asText()).isEqualTo(poisoned);
        assertThat(failed.path("cause").asText())
                .isEqualTo("java.lang.IllegalStateException: order " + poisoned + " is poisoned");
        assertThat(failed.path("attempts").asInt()).isEqualTo(1);
        assertThat(failed.path("index").asLong()).isZero();
        assertThat(failed.path("aggregateSequence").asLong()).isZero();
        assertThat(failed.path("enqueuedAt").asText()).endsWith("Z");
        assertThat(failed.path("lastTouched").asText()).endsWith("Z");
        JsonNode waiting = letters.get(1);
        assertThat(waiting.path("eventType").asText()).isEqualTo(CONFIRMED);
        assertThat(waiting.path("cause").isNull()).as("never handled: it waits behind the first").isTrue();
        assertThat(waiting.path("attempts").asInt()).isZero();
        assertThat(waiting.path("index").asLong()).isEqualTo(1);
        assertThat(get("/orders/" + poisoned).status()).as("the parked placement left no document").isEqualTo(404);
        awaitGauge(2);

        JsonNode stillPoisoned = post("/admin/dead-letters/" + failed.path("id").asText() + "/retry").body();
        assertThat(stillPoisoned.path("succeeded").asBoolean()).isFalse();
        assertThat(stillPoisoned.path("remaining")).hasSize(2);
        assertThat(stillPoisoned.path("remaining").get(0).path("attempts").asInt()).isEqualTo(2);
        assertThat(stillPoisoned.path("remaining").get(0).path("cause").asText()).contains("is poisoned");

        faults.fix(poisoned);
        Answer retried = post("/admin/dead-letters/" + waiting.path("id").asText() + "/retry");

        assertThat(retried.status()).isEqualTo(200);
        assertThat(retried.body().path("processor").asText()).isEqualTo("orders");
        assertThat(retried.body().path("sequence").asText()).isEqualTo(poisoned);
        assertThat(retried.body().path("succeeded").asBoolean()).isTrue();
        assertThat(retried.body().path("remaining")).isEmpty();
        assertThat(statuses(awaitOrder(poisoned, "CONFIRMED"))).containsExactly("PENDING", "CONFIRMED");
        assertThat(letters()).isEmpty();
        awaitGauge(0);
    }

    @Test
    void aBatchWhoseWriteFailsIsWrittenEventByEventAndOnlyTheFailingEventIsParked() {
        String broken = newId("order");
        List<String> others = new ArrayList<>();
        publish(broken, 0, placed(broken, "c-1"));
        for (int i = 0; i < 6; i++) {
            String orderId = newId("order");
            others.add(orderId);
            publish(orderId, 0, placed(orderId, "c-1"));
        }
        awaitOrder(broken, "PENDING");
        others.forEach(orderId -> awaitOrder(orderId, "PENDING"));
        // The stored document of one order no longer has the shape the view writes.
        projections.liveCollection("orders").updateOne(Filters.eq("_id", broken), Updates.set("seq", "corrupt"));

        List<DomainEventMessage<?>> batch = new ArrayList<>();
        batch.add(event(broken, 1, new OrderConfirmedEvent(new OrderId(broken))));
        others.forEach(orderId -> batch.add(event(orderId, 1, new OrderConfirmedEvent(new OrderId(orderId)))));
        eventStore.publish(batch);

        others.forEach(orderId -> awaitOrder(orderId, "CONFIRMED"));
        JsonNode failed = awaitLetters(broken, 1).get(0);
        assertThat(failed.path("eventType").asText()).isEqualTo(CONFIRMED);
        assertThat(failed.path("cause").asText()).startsWith("java.lang.ClassCastException");
        publish(broken, 2, new OrderCancelledEvent(new OrderId(broken), CancellationReason.CUSTOMER_REQUEST));
        assertThat(awaitLetters(broken, 2).get(1).path("eventType").asText()).isEqualTo(CANCELLED);
        assertThat(get("/orders/" + broken).body().path("status").asText()).isEqualTo("PENDING");

        projections.liveCollection("orders").updateOne(Filters.eq("_id", broken), Updates.set("seq", 0L));
        JsonNode retried = post("/admin/dead-letters/" + failed.path("id").asText() + "/retry").body();

        assertThat(retried.path("succeeded").asBoolean()).isTrue();
        assertThat(statuses(awaitOrder(broken, "CANCELLED"))).containsExactly("PENDING", "CONFIRMED", "CANCELLED");
        others.forEach(orderId -> assertThat(statuses(get("/orders/" + orderId).body())).as("written once")
                .containsExactly("PENDING", "CONFIRMED"));
        assertThat(letters()).isEmpty();
    }

    @Test
    void anOrderWhoseDatabaseIsUnreachableIsRetriedFromTheTokenAndNeverParked() {
        String orderId = pendingOrderOf("c-1");
        faults.unreachableDatabase(orderId);

        publish(orderId, 1, new OrderConfirmedEvent(new OrderId(orderId)));
        await().atMost(Duration.ofSeconds(30)).until(() -> faults.failures(orderId) >= 2);

        assertThat(lettersOf(orderId)).as("an outage parks nothing").isEmpty();
        assertThat(get("/orders/" + orderId).body().path("status").asText()).isEqualTo("PENDING");
        faults.fix(orderId);
        awaitOrder(orderId, "CONFIRMED");
        assertThat(lettersOf(orderId)).isEmpty();
    }

    @Test
    void anEvictedLetterIsGoneAndItsOrderMovesOnWithoutIt() {
        String orderId = pendingOrderOf("c-1");
        faults.poison(orderId, OrderConfirmedEvent.class);
        publish(orderId, 1, new OrderConfirmedEvent(new OrderId(orderId)));
        String id = awaitLetters(orderId, 1).get(0).path("id").asText();

        Answer evicted = delete("/admin/dead-letters/" + id, OPERATOR);
        publish(orderId, 2, new OrderCancelledEvent(new OrderId(orderId), CancellationReason.CUSTOMER_REQUEST));

        assertThat(evicted.status()).isEqualTo(204);
        assertThat(statuses(awaitOrder(orderId, "CANCELLED"))).containsExactly("PENDING", "CANCELLED");
        assertThat(lettersOf(orderId)).isEmpty();
        Answer again = delete("/admin/dead-letters/" + id, OPERATOR);
        assertThat(again.status()).isEqualTo(404);
        assertThat(again.type()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(again.body().path("detail").asText()).isEqualTo("no dead letter " + id);
        assertThat(post("/admin/dead-letters/" + id + "/retry").status()).isEqualTo(404);
        assertThat(post("/admin/dead-letters/not-an-id/retry").status()).isEqualTo(404);
        faults.fix(orderId);
    }

    @Test
    void aSequenceIsRetriedFromItsFirstLetterWhereverTheCollectionKeepsIt() {
        String evicted = parkedPlacement();
        String retried = parkedPlacement();
        // The MongoDB stand-in stores the next letter where the evicted one was: ahead of the first one.
        assertThat(delete("/admin/dead-letters/" + lettersOf(evicted).get(0).path("id").asText(), OPERATOR).status())
                .isEqualTo(204);
        publish(retried, 1, new OrderConfirmedEvent(new OrderId(retried)));
        String first = awaitLetters(retried, 2).get(0).path("id").asText();

        faults.fix(retried);
        JsonNode outcome = post("/admin/dead-letters/" + first + "/retry").body();

        assertThat(outcome.path("succeeded").asBoolean()).isTrue();
        assertThat(statuses(awaitOrder(retried, "CONFIRMED"))).containsExactly("PENDING", "CONFIRMED");
        faults.fix(evicted);
    }

    @Test
    void retryingAllHandlesEverySequence() {
        String first = parkedPlacement();
        String second = parkedPlacement();

        faults.fix(first);
        faults.fix(second);
        Answer retried = post("/admin/dead-letters/retry");

        assertThat(retried.status()).isEqualTo(200);
        List<String> sequences = new ArrayList<>();
        retried.body().forEach(outcome -> {
            assertThat(outcome.path("succeeded").asBoolean()).isTrue();
            sequences.add(outcome.path("sequence").asText());
        });
        assertThat(sequences).containsExactlyInAnyOrder(first, second);
        awaitOrder(first, "PENDING");
        awaitOrder(second, "PENDING");
        assertThat(letters()).isEmpty();
    }

    @Test
    void aReplayStartsWithAnEmptyQueueAndHandlesTheParkedEventsAgain() {
        String orderId = parkedPlacement();
        faults.fix(orderId);

        assertThat(post("/admin/projections/orders/replay").status()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(60))
                .until(() -> "LIVE".equals(get("/admin/projections/orders").body().path("state").asText()));

        assertThat(letters()).isEmpty();
        awaitOrder(orderId, "PENDING");
    }

    @Test
    void eventsOfOneOrderAreParkedTogether() {
        assertThat(processing.sequencingPolicy("orders")).isInstanceOf(SequentialPerAggregatePolicy.class);
    }

    @Test
    void onlyOperatorsReachTheDeadLetters() {
        Answer customerList = get("/admin/dead-letters", ALICE);
        Answer customerRetry = post("/admin/dead-letters/retry", ALICE);
        Answer customerEvict = delete("/admin/dead-letters/0123456789abcdef01234567", ALICE);
        Answer service = get("/admin/dead-letters", SERVICE);
        Answer anonymous = get("/admin/dead-letters", null);

        assertThat(customerList.status()).isEqualTo(403);
        assertThat(customerList.type()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(customerList.body().path("detail").asText())
                .isEqualTo("GET /admin/dead-letters needs the operator role; alice has the roles [customer]");
        assertThat(customerRetry.status()).isEqualTo(403);
        assertThat(customerEvict.status()).isEqualTo(403);
        assertThat(service.status()).isEqualTo(403);
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(get("/admin/dead-letters", OPERATOR).status()).isEqualTo(200);
    }

    /** A new order whose events fail, with its placement parked. */
    private String parkedPlacement() {
        String orderId = newId("order");
        faults.poison(orderId, Object.class);
        publish(orderId, 0, placed(orderId, "c-1"));
        awaitLetters(orderId, 1);
        return orderId;
    }

    private List<JsonNode> letters() {
        List<JsonNode> letters = new ArrayList<>();
        get("/admin/dead-letters").body().forEach(letters::add);
        return letters;
    }

    private List<JsonNode> lettersOf(String orderId) {
        return letters().stream().filter(letter -> orderId.equals(letter.path("aggregateId").asText())).toList();
    }

    /** The order's letters, oldest first, once there are {@code count}. */
    private List<JsonNode> awaitLetters(String orderId, int count) {
        return await().atMost(Duration.ofSeconds(20))
                .until(() -> lettersOf(orderId), letters -> letters.size() == count);
    }

    private void awaitGauge(double expected) {
        await().atMost(Duration.ofSeconds(10)).until(() -> client(null).get().uri("/actuator/prometheus")
                .retrieve().body(String.class).lines()
                .filter(line -> line.startsWith("axon_dead_letters{") && line.contains("processor=\"orders\""))
                .anyMatch(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)) == expected));
    }

    private static List<String> statuses(JsonNode order) {
        List<String> statuses = new ArrayList<>();
        order.path("history").forEach(change -> statuses.add(change.path("status").asText()));
        return statuses;
    }
}
