package org.orderplatform.order.query;

import com.fasterxml.jackson.databind.JsonNode;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.junit.jupiter.api.Test;
import org.orderplatform.api.order.CancellationReason;
import org.orderplatform.api.order.CustomerId;
import org.orderplatform.api.order.FindOrderQuery;
import org.orderplatform.api.order.FindOrdersQuery;
import org.orderplatform.api.order.OrderCancelledEvent;
import org.orderplatform.api.order.OrderConfirmedEvent;
import org.orderplatform.api.order.OrderId;
import org.orderplatform.api.order.OrderPage;
import org.orderplatform.api.order.OrderRejectedEvent;
import org.orderplatform.api.order.OrderStatus;
import org.orderplatform.api.order.OrderView;
import org.orderplatform.api.order.RejectionReason;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class OrderViewIT extends OrderQueryIntegrationTest {

    @Autowired
    QueryGateway queries;

    @Test
    void aConfirmedOrderIsServedInTheDocumentedShape() {
        String orderId = newId("order");
        String customerId = newId("customer");
        publish(orderId, 0, placed(orderId, customerId));
        awaitOrder(orderId, "PENDING");
        publish(orderId, 1, new OrderConfirmedEvent(new OrderId(orderId)));

        JsonNode order = awaitOrder(orderId, "CONFIRMED");

        List<String> fields = new ArrayList<>();
        order.fieldNames().forEachRemaining(fields::add);
        assertThat(fields).containsExactly("orderId", "customerId", "status", "reason", "items", "total", "currency",
                "placedAt", "updatedAt", "history");
        assertThat(order.path("orderId").asText()).isEqualTo(orderId);
        assertThat(order.path("customerId").asText()).isEqualTo(customerId);
        assertThat(order.path("reason").isNull()).isTrue();
        assertThat(order.path("items").get(0).path("productId").asText()).isEqualTo("p-1");
        assertThat(order.path("items").get(0).path("quantity").asInt()).isEqualTo(2);
        assertThat(order.path("items").get(0).path("unitPrice").isTextual()).isTrue();
        assertThat(order.path("items").get(0).path("unitPrice").asText()).isEqualTo("29.90");
        assertThat(order.path("total").asText()).isEqualTo("64.80");
        assertThat(order.path("total").isTextual()).isTrue();
        assertThat(order.path("currency").asText()).isEqualTo("EUR");
        assertThat(order.path("placedAt").asText()).endsWith("Z");
        Instant placedAt = Instant.parse(order.path("placedAt").asText());
        assertThat(Instant.parse(order.path("updatedAt").asText())).isAfterOrEqualTo(placedAt);
        assertThat(order.path("history")).hasSize(2);
        assertThat(order.path("history").get(0).path("status").asText()).isEqualTo("PENDING");
        assertThat(Instant.parse(order.path("history").get(0).path("at").asText())).isEqualTo(placedAt);
        assertThat(order.path("history").get(1).path("status").asText()).isEqualTo("CONFIRMED");
    }

    @Test
    void cancelledAndRejectedOrdersCarryTheirReason() {
        String cancelled = newId("order");
        String rejected = newId("order");
        publish(cancelled, 0, placed(cancelled, "c-1"),
                new OrderCancelledEvent(new OrderId(cancelled), CancellationReason.PAYMENT_DECLINED));
        publish(rejected, 0, placed(rejected, "c-1"),
                new OrderRejectedEvent(new OrderId(rejected), RejectionReason.OUT_OF_STOCK));

        assertThat(awaitOrder(cancelled, "CANCELLED").path("reason").asText()).isEqualTo("PAYMENT_DECLINED");
        assertThat(awaitOrder(rejected, "REJECTED").path("reason").asText()).isEqualTo("OUT_OF_STOCK");
    }

    @Test
    void anUnknownOrderIsNotFound() {
        String orderId = newId("missing");
        Answer answer = get("/orders/" + orderId);
        Answer askedByACustomer = get("/orders/" + orderId, BOB);

        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.type()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(answer.body().path("detail").asText()).startsWith("no order missing-");
        assertThat(askedByACustomer.status()).isEqualTo(404);
        assertThat(askedByACustomer.body().path("detail").asText()).isEqualTo("no order " + orderId);
    }

    @Test
    void ordersAreServedOnlyWithAToken() {
        String orderId = newId("order");
        publish(orderId, 0, placed(orderId, "alice"));
        awaitOrder(orderId, "PENDING");

        for (String path : List.of("/orders/" + orderId, "/orders", "/orders?customerId=alice")) {
            Answer answer = get(path, null);

            assertThat(answer.status()).as(path).isEqualTo(401);
            assertThat(answer.type()).as(path).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
            assertThat(answer.body().path("detail").asText()).as(path).contains("an access token").contains("is required");
        }
    }

    @Test
    void anOrderIsServedToItsCustomerAndToOperatorsAndServicesButNotToAnotherCustomer() {
        String orderId = newId("order");
        publish(orderId, 0, placed(orderId, "alice"));
        awaitOrder(orderId, "PENDING");

        Answer owner = get("/orders/" + orderId, ALICE);
        Answer operator = get("/orders/" + orderId, OPERATOR);
        Answer service = get("/orders/" + orderId, SERVICE);
        Answer anotherCustomer = get("/orders/" + orderId, BOB);

        assertThat(owner.status()).isEqualTo(200);
        assertThat(owner.body().path("customerId").asText()).isEqualTo("alice");
        assertThat(operator.status()).isEqualTo(200);
        assertThat(operator.body()).isEqualTo(owner.body());
        assertThat(service.status()).isEqualTo(200);
        assertThat(anotherCustomer.status()).isEqualTo(403);
        assertThat(anotherCustomer.type()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(anotherCustomer.body().path("detail").asText())
                .isEqualTo("order " + orderId + " belongs to another customer than bob");
    }

    @Test
    void aCustomerListsOnlyTheirOwnOrders() {
        String alices = pendingOrderOf("alice");
        String bobs = pendingOrderOf("bob");

        JsonNode unfiltered = get("/orders?size=100", ALICE).body();
        JsonNode ownFilter = get("/orders?customerId=alice&size=100", ALICE).body();
        Answer anothers = get("/orders?customerId=bob", ALICE);

        assertThat(ids(unfiltered)).contains(alices).doesNotContain(bobs);
        assertThat(customerIds(unfiltered)).containsOnly("alice");
        assertThat(unfiltered.path("totalElements").asLong())
                .isEqualTo(get("/orders?customerId=alice&size=1").body().path("totalElements").asLong());
        assertThat(ownFilter).isEqualTo(unfiltered);
        assertThat(anothers.status()).isEqualTo(403);
        assertThat(anothers.type()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(anothers.body().path("detail").asText())
                .isEqualTo("customer bob's order list belongs to another customer than alice");
    }

    @Test
    void operatorsAndServicesListAnyonesOrdersAndAllOrders() {
        String alices = pendingOrderOf("alice");
        String bobs = pendingOrderOf("bob");

        JsonNode all = get("/orders", OPERATOR).body();
        JsonNode bobsByAnOperator = get("/orders?customerId=bob", OPERATOR).body();
        JsonNode alicesByAService = get("/orders?customerId=alice", SERVICE).body();
        JsonNode allByAService = get("/orders", SERVICE).body();

        assertThat(ids(all)).contains(alices, bobs);
        assertThat(ids(bobsByAnOperator)).contains(bobs);
        assertThat(customerIds(bobsByAnOperator)).containsOnly("bob");
        assertThat(ids(alicesByAService)).contains(alices);
        assertThat(customerIds(alicesByAService)).containsOnly("alice");
        assertThat(ids(allByAService)).contains(alices, bobs);
    }

    @Test
    void aCustomersOrdersArePagedNewestFirstAndFilteredByStatus() {
        String customerId = newId("customer");
        List<String> orderIds = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String orderId = newId("order");
            orderIds.add(orderId);
            publish(orderId, 0, placed(orderId, customerId));
            sleepPastTheMillisecond();
        }
        // The view's segments project orders independently: each one is awaited, not only the last.
        orderIds.forEach(orderId -> awaitOrder(orderId, "PENDING"));
        publish(orderIds.get(1), 1, new OrderConfirmedEvent(new OrderId(orderIds.get(1))));
        awaitOrder(orderIds.get(1), "CONFIRMED");

        JsonNode firstPage = get("/orders?customerId=" + customerId + "&page=0&size=2").body();
        JsonNode lastPage = get("/orders?customerId=" + customerId + "&page=2&size=2").body();
        JsonNode pending = get("/orders?customerId=" + customerId + "&status=PENDING&size=10").body();

        assertThat(firstPage.path("totalElements").asLong()).isEqualTo(5);
        assertThat(ids(firstPage)).containsExactly(orderIds.get(4), orderIds.get(3));
        assertThat(ids(lastPage)).containsExactly(orderIds.get(0));
        assertThat(ids(pending)).containsExactly(orderIds.get(4), orderIds.get(3), orderIds.get(2), orderIds.get(0));
        assertThat(pending.path("page").asInt()).isEqualTo(0);
        assertThat(pending.path("size").asInt()).isEqualTo(10);
    }

    @Test
    void badPagingParametersAreRefusedWithADetail() {
        assertThat(problem("/orders?page=-1")).isEqualTo("page must not be negative, was -1");
        assertThat(problem("/orders?page=two")).isEqualTo("page must be a whole number, was 'two'");
        assertThat(problem("/orders?size=0")).isEqualTo("size must be positive, was 0");
        assertThat(problem("/orders?size=101")).isEqualTo("size must be at most 100, was 101");
        assertThat(problem("/orders?status=SHIPPED"))
                .isEqualTo("status must be one of PENDING, CONFIRMED, REJECTED, CANCELLED, was 'SHIPPED'");
    }

    @Test
    void otherServicesAskThroughTheAxonServer() {
        String orderId = newId("order");
        String customerId = newId("customer");
        publish(orderId, 0, placed(orderId, customerId));
        awaitOrder(orderId, "PENDING");

        OrderView view = queries.query(new FindOrderQuery(new OrderId(orderId)), OrderView.class).join();
        OrderView missing = queries.query(new FindOrderQuery(new OrderId(newId("missing"))), OrderView.class).join();
        OrderPage page = queries.query(new FindOrdersQuery(new CustomerId(customerId), OrderStatus.PENDING, 0, 10),
                ResponseTypes.instanceOf(OrderPage.class)).join();

        assertThat(view.status()).isEqualTo(OrderStatus.PENDING);
        assertThat(view.total()).isEqualByComparingTo("64.80");
        assertThat(missing).isNull();
        assertThat(page.orders()).containsExactly(view);
    }

    @Test
    void healthAndMetricsAreExposed() {
        Answer health = get("/actuator/health", OPERATOR);
        Answer anonymousHealth = get("/actuator/health", null);
        String metrics = client(null).get().uri("/actuator/prometheus").retrieve().body(String.class);

        assertThat(health.status()).isEqualTo(200);
        assertThat(health.body().path("status").asText()).isEqualTo("UP");
        assertThat(health.body().path("components").path("mongo").path("status").asText()).isEqualTo("UP");
        assertThat(anonymousHealth.body().path("status").asText()).isEqualTo("UP");
        assertThat(anonymousHealth.body().has("components")).as("details are for operators").isFalse();
        assertThat(metrics).contains("application=\"order-query\"");
    }

    private String problem(String path) {
        Answer answer = get(path);
        assertThat(answer.status()).as(path).isEqualTo(400);
        assertThat(answer.type()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        return answer.body().path("detail").asText();
    }

    private static List<String> ids(JsonNode page) {
        return field(page, "orderId");
    }

    private static List<String> customerIds(JsonNode page) {
        return field(page, "customerId");
    }

    private static List<String> field(JsonNode page, String name) {
        List<String> values = new ArrayList<>();
        page.path("orders").forEach(order -> values.add(order.path(name).asText()));
        return values;
    }

    private static void sleepPastTheMillisecond() {
        try {
            Thread.sleep(3);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
