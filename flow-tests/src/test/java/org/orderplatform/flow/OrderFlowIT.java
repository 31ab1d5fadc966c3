package org.orderplatform.flow;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.web.client.RestClient;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every path of the order flow, driven through HTTP against catalog, payment and order-command running together on
 * the real Axon server and MongoDB-compatible server, down to each order's final state.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OrderFlowIT {

    private static final Duration PATIENCE = FlowOrders.PATIENCE;

    private Services services;
    private FlowOrders orders;
    private String alice;
    private String olivia;

    @BeforeAll
    void start() {
        services = Services.start();
        orders = new FlowOrders(services);
        alice = services.token("alice");
        olivia = services.token("olivia");
    }

    @AfterAll
    void stop() {
        services.close();
    }


    @Test
    void aPaidOrderIsConfirmedAndItsStockTakenFromTheShelf() {
        String mug = orders.addProduct("29.90", 5);

        String orderId = orders.place(mug, 2, "tok_visa");

        orders.awaitFinal(orderId, "OrderConfirmedEvent");
        assertThat(orders.orderEvents(orderId)).containsExactly("OrderPlacedEvent", "OrderConfirmedEvent");
        assertThat(orders.payment(orderId).get("status").asText()).isEqualTo("COMPLETED");
        assertThat(orders.payment(orderId).get("amount").asText()).isEqualTo("59.80");
        assertThat(RestClient.create().get().uri(services.orderCommandUrl() + "/actuator/prometheus").retrieve()
                .body(String.class)).contains("orders_outcomes_total{application=\"order-command\",outcome=\"confirmed\"");
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(orders.stock(mug).get("onHand").asInt()).isEqualTo(3));
        assertThat(orders.stock(mug).get("reserved").asInt()).isZero();
        assertThat(orders.stock(mug).get("available").asInt()).isEqualTo(3);
    }

    @Test
    void aDeclinedPaymentCancelsTheOrderAndReleasesItsStock() {
        String mug = orders.addProduct("10.00", 5);

        String orderId = orders.place(mug, 3, "tok_declined");

        orders.awaitFinal(orderId, "OrderCancelledEvent(PAYMENT_DECLINED)");
        assertThat(orders.payment(orderId).get("status").asText()).isEqualTo("FAILED");
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(orders.stock(mug).get("available").asInt()).isEqualTo(5));
        assertThat(orders.stock(mug).get("reserved").asInt()).isZero();
    }

    @Test
    void anOrderWhoseStockIsHeldMeanwhileIsRejected() {
        String last = orders.addProduct("5.00", 1);
        String first = orders.place(last, 1, "tok_timeout");
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(orders.stock(last).get("reserved").asInt()).isEqualTo(1));

        String second = orders.place(last, 1, "tok_visa");

        orders.awaitFinal(second, "OrderRejectedEvent(OUT_OF_STOCK)");
        assertThat(Http.get(services.paymentUrl() + "/payments/" + second, Http.bearer(olivia)).status()).isEqualTo(404);
        orders.awaitFinal(first, "OrderCancelledEvent(PAYMENT_TIMEOUT)");
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(orders.stock(last).get("available").asInt()).isEqualTo(1));
    }

    @Test
    void aPaymentWithoutAnswerTimesOutAndTheOrderIsCancelled() {
        String mug = orders.addProduct("7.50", 4);

        String orderId = orders.place(mug, 2, "tok_timeout");

        orders.awaitFinal(orderId, "OrderCancelledEvent(PAYMENT_TIMEOUT)");
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(orders.stock(mug).get("available").asInt()).isEqualTo(4));
    }

    @Test
    void anOperatorSeesAnOrderWaitingForItsPaymentWithItsDeadlineUntilTheSagaEnds() {
        String mug = orders.addProduct("4.00", 5);

        String orderId = orders.place(mug, 1, "tok_timeout");

        // The provider never answers: the order waits in the payment step until the payment deadline.
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(100)).untilAsserted(() ->
                assertThat(openSagas("")).anySatisfy(saga -> {
                    assertThat(saga.get("orderId").asText()).isEqualTo(orderId);
                    assertThat(saga.get("step").asText()).isEqualTo("PAYMENT");
                    assertThat(saga.get("since").asText()).isNotBlank();
                    assertThat(saga.get("deadlines")).anySatisfy(deadline ->
                            assertThat(deadline.get("name").asText()).isEqualTo("step-deadline"));
                }));
        assertThat(openSagas("?step=REFUND")).noneMatch(saga -> saga.get("orderId").asText().equals(orderId));
        assertThat(openSagas("?olderThan=PT1H")).noneMatch(saga -> saga.get("orderId").asText().equals(orderId));

        orders.awaitFinal(orderId, "OrderCancelledEvent(PAYMENT_TIMEOUT)");
        await().atMost(PATIENCE).untilAsserted(() ->
                assertThat(openSagas("")).noneMatch(saga -> saga.get("orderId").asText().equals(orderId)));

        Http.Answer badStep = Http.get(services.orderCommandUrl() + "/admin/sagas?step=LOST", Http.bearer(olivia));
        assertThat(badStep.status()).isEqualTo(400);
        assertThat(badStep.text("detail")).contains("step must be one of STOCK, PAYMENT");
        Http.Answer badAge = Http.get(services.orderCommandUrl() + "/admin/sagas?olderThan=soon", Http.bearer(olivia));
        assertThat(badAge.text("detail")).contains("olderThan must be a duration");
        assertThat(Http.get(services.orderCommandUrl() + "/admin/sagas", Http.bearer(alice)).status()).isEqualTo(403);
    }

    @Test
    void anOperatorCompensatesAnOrderWhosePaymentNeverAnsweredAndTheChargeMadeIsRefunded() {
        String mug = orders.addProduct("6.00", 3);
        // Charged, but the provider's answer never comes: the order waits in the payment step.
        String orderId = orders.place(mug, 1, "tok_late_answer");
        orders.awaitOpenSagaIn(orderId, "PAYMENT");

        Http.Answer compensated = intervene(orderId, "compensate");

        assertThat(compensated.status()).as("%s", compensated.body()).isEqualTo(202);
        assertThat(compensated.text("intervention")).isEqualTo("COMPENSATE");
        assertThat(compensated.text("operator")).isEqualTo("olivia");
        orders.awaitFinal(orderId, "OrderCancelledEvent(OPERATOR_REQUEST)");
        assertThat(orders.orderEvents(orderId)).contains("OrderInterventionRecordedEvent");
        await().atMost(PATIENCE).untilAsserted(() -> {
            assertThat(orders.payment(orderId).get("status").asText()).isEqualTo("REFUNDED");
            assertThat(orders.stock(mug).get("available").asInt()).isEqualTo(3);
            assertThat(orders.stock(mug).get("onHand").asInt()).isEqualTo(3);
        });
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(intervene(orderId, "retry").status()).isEqualTo(404));
        assertThat(intervene(orderId, "retry").text("detail")).contains("has no open saga");
    }

    @Test
    void anOperatorFiresAPaymentDeadlineNowAndAnOrderNothingWasChargedForIsCancelled() {
        String mug = orders.addProduct("6.00", 3);
        String orderId = orders.place(mug, 1, "tok_timeout");
        orders.awaitOpenSagaIn(orderId, "PAYMENT");

        assertThat(intervene(orderId, "retry").status()).isEqualTo(202);
        assertThat(Http.post(services.orderCommandUrl() + "/admin/sagas/" + orderId + "/expire", null,
                Http.bearer(alice)).status()).isEqualTo(403);
        assertThat(intervene(orderId, "expire").status()).isEqualTo(202);

        orders.awaitFinal(orderId, "OrderCancelledEvent(PAYMENT_TIMEOUT)");
        assertThat(orders.orderEvents(orderId)).containsSubsequence("OrderInterventionRecordedEvent",
                "OrderInterventionRecordedEvent", "OrderCancelledEvent(PAYMENT_TIMEOUT)");
        assertThat(orders.payment(orderId).get("status").asText()).isEqualTo("EXPIRED");
        Http.Answer tooLate = intervene(orderId, "compensate");
        assertThat(tooLate.status()).isIn(404, 409);
    }

    private Http.Answer intervene(String orderId, String action) {
        return Http.post(services.orderCommandUrl() + "/admin/sagas/" + orderId + "/" + action, null,
                Http.bearer(olivia));
    }

    private List<JsonNode> openSagas(String query) {
        Http.Answer answer = Http.get(services.orderCommandUrl() + "/admin/sagas" + query, Http.bearer(olivia));
        assertThat(answer.status()).as("%s", answer.body()).isEqualTo(200);
        List<JsonNode> sagas = new ArrayList<>();
        answer.body().forEach(sagas::add);
        return sagas;
    }

    @Test
    void aChargeWhoseAnswerWasLostIsFoundWhenThePaymentIsSettledAndConfirmsTheOrder() {
        String mug = orders.addProduct("7.50", 4);

        String orderId = orders.place(mug, 1, "tok_late_answer");

        orders.awaitFinal(orderId, "OrderConfirmedEvent");
        assertThat(orders.payment(orderId).get("status").asText()).isEqualTo("COMPLETED");
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(orders.stock(mug).get("onHand").asInt()).isEqualTo(3));
    }

    @Test
    void theCustomerCancelsAPendingOrderOnceAndCannotCancelAConfirmedOne() {
        String mug = orders.addProduct("7.50", 4);
        String pending = orders.place(mug, 1, "tok_timeout");

        Http.Answer cancelled = Http.post(services.orderCommandUrl() + "/orders/" + pending + "/cancel", null, Http.bearer(alice));
        Http.Answer again = Http.post(services.orderCommandUrl() + "/orders/" + pending + "/cancel", null, Http.bearer(alice));

        assertThat(cancelled.status()).isEqualTo(202);
        assertThat(cancelled.text("status")).isEqualTo("CANCELLED");
        assertThat(again.status()).isEqualTo(202);
        orders.awaitFinal(pending, "OrderCancelledEvent(CUSTOMER_REQUEST)");
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(orders.stock(mug).get("available").asInt()).isEqualTo(4));

        String confirmed = orders.place(mug, 1, "tok_visa");
        orders.awaitFinal(confirmed, "OrderConfirmedEvent");
        Http.Answer refused = Http.post(services.orderCommandUrl() + "/orders/" + confirmed + "/cancel", null, Http.bearer(alice));
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.text("detail")).isEqualTo("order " + confirmed + " is CONFIRMED and cannot be cancelled");

        Http.Answer unknown = Http.post(services.orderCommandUrl() + "/orders/" + UUID.randomUUID() + "/cancel", null, Http.bearer(alice));
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.headers().getContentType()).hasToString("application/problem+json");
    }

    @Test
    void theSameIdempotencyKeyPlacesOneOrder() {
        String mug = orders.addProduct("3.00", 10);
        Map<String, String> key = Map.of("Idempotency-Key", UUID.randomUUID().toString(), "Authorization", "Bearer " + alice);

        Http.Answer first = Http.post(services.orderCommandUrl() + "/orders", FlowOrders.order(mug, 1, "tok_visa"), key);
        Http.Answer retry = Http.post(services.orderCommandUrl() + "/orders", FlowOrders.order(mug, 1, "tok_visa"), key);
        Http.Answer otherBody = Http.post(services.orderCommandUrl() + "/orders", FlowOrders.order(mug, 2, "tok_visa"), key);

        assertThat(first.status()).as("%s", first.body()).isEqualTo(201);
        assertThat(retry.status()).isEqualTo(201);
        assertThat(retry.text("orderId")).isEqualTo(first.text("orderId"));
        assertThat(otherBody.status()).isEqualTo(422);
        orders.awaitFinal(first.text("orderId"), "OrderConfirmedEvent");
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(orders.stock(mug).get("onHand").asInt()).isEqualTo(9));
    }

    @Test
    void refusesWhatCannotBeOrderedAndPlacesNothing() {
        String mug = orders.addProduct("3.00", 2);

        Http.Answer unknown = Http.post(services.orderCommandUrl() + "/orders", FlowOrders.order("no-such-product", 1, "tok_visa"), Http.bearer(alice));
        Http.Answer tooMany = Http.post(services.orderCommandUrl() + "/orders", FlowOrders.order(mug, 3, "tok_visa"), Http.bearer(alice));
        Http.Answer negative = Http.post(services.orderCommandUrl() + "/orders", FlowOrders.order(mug, -1, "tok_visa"), Http.bearer(alice));
        Http.Answer malformed = Http.post(services.orderCommandUrl() + "/orders", "{\"customerId\":", Http.bearer(alice));

        assertThat(unknown.status()).isEqualTo(422);
        assertThat(unknown.text("detail")).isEqualTo("unknown product(s): no-such-product");
        assertThat(tooMany.status()).isEqualTo(422);
        assertThat(tooMany.text("detail")).contains("requested 3, in stock 2");
        assertThat(negative.status()).isEqualTo(400);
        assertThat(negative.text("detail")).contains("items[0].quantity");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(orders.stock(mug).get("reserved").asInt()).isZero();
    }

    @Test
    void aPendingPaymentDeadlineAndAnIdempotencyKeyOutliveARestartOfOrderCommand() {
        String mug = orders.addProduct("4.00", 3);
        Map<String, String> key = Map.of("Idempotency-Key", UUID.randomUUID().toString(), "Authorization", "Bearer " + alice);
        String orderId = Http.post(services.orderCommandUrl() + "/orders", FlowOrders.order(mug, 1, "tok_timeout"), key).text("orderId");
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(orders.stock(mug).get("reserved").asInt()).isEqualTo(1));

        services.restartOrderCommand();

        Http.Answer retry = Http.post(services.orderCommandUrl() + "/orders", FlowOrders.order(mug, 1, "tok_timeout"), key);
        assertThat(retry.status()).isEqualTo(201);
        assertThat(retry.text("orderId")).isEqualTo(orderId);
        orders.awaitFinal(orderId, "OrderCancelledEvent(PAYMENT_TIMEOUT)");
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(orders.stock(mug).get("available").asInt()).isEqualTo(3));
    }

    @Test
    void anUnreachableCatalogIsAnswered503AtOnceOnceTheCircuitOpens() {
        String mug = orders.addProduct("4.00", 3);
        try (var isolated = services.startOrderCommand("http://localhost:" + closedPort())) {
            String url = Services.url(isolated) + "/orders";
            List<Http.Answer> answers = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                answers.add(Http.post(url, FlowOrders.order(mug, 1, "tok_visa"), Http.bearer(alice)));
            }

            assertThat(answers).allSatisfy(answer -> {
                assertThat(answer.status()).isEqualTo(503);
                assertThat(answer.headers().getFirst("Retry-After")).isNotBlank();
                assertThat(answer.headers().getContentType()).hasToString("application/problem+json");
            });
            assertThat(answers.get(answers.size() - 1).text("detail")).isEqualTo("catalog is unavailable (circuit open)");
            JsonNode health = Http.get(Services.url(isolated) + "/actuator/health", Http.bearer(olivia)).body();
            assertThat(health.at("/components/circuitBreakers/details/catalog/details/state").asText()).isEqualTo("OPEN");
            String metrics = RestClient.create().get().uri(Services.url(isolated) + "/actuator/prometheus")
                    .retrieve().body(String.class);
            assertThat(metrics).contains("resilience4j_circuitbreaker_state{application=\"order-command\",name=\"catalog\",state=\"open\"} 1.0");
        }
        assertThat(orders.stock(mug).get("reserved").asInt()).isZero();
    }

    @Test
    void atItsConcurrentLimitOrderCommandAnswers503AtOnceAndDoesNothingWhileHealthStillAnswers() throws IOException {
        String mug = orders.addProduct("4.00", 3);
        // Connections to it are accepted by the operating system and never answered: a quote that hangs.
        try (var silentCatalog = new ServerSocket(0);
             var isolated = services.startOrderCommand("http://localhost:" + silentCatalog.getLocalPort(),
                     "--orders.api.concurrent-limit=1",
                     "--resilience4j.timelimiter.instances.catalog.timeout-duration=5s")) {
            String url = Services.url(isolated) + "/orders";
            CompletableFuture<Http.Answer> inProgress = CompletableFuture.supplyAsync(
                    () -> Http.post(url, FlowOrders.order(mug, 1, "tok_visa"), Http.bearer(alice)));
            await().atMost(PATIENCE).until(() -> metric(isolated, "orders_api_in_progress") == 1.0);

            Http.Answer refused = Http.post(url, FlowOrders.order(mug, 1, "tok_visa"), Http.bearer(alice));
            assertThat(refused.status()).isEqualTo(503);
            assertThat(refused.headers().getContentType()).hasToString("application/problem+json");
            assertThat(Integer.parseInt(refused.headers().getFirst("Retry-After"))).isBetween(1, 3);
            assertThat(refused.text("detail")).isEqualTo("order-command has 1 orders in progress, as many as it "
                    + "takes at once; nothing was done, ask again after Retry-After");
            assertThat(Http.get(Services.url(isolated) + "/actuator/health").text("status")).isEqualTo("UP");
            assertThat(metric(isolated, "orders_api_refused_total")).isEqualTo(1.0);

            Http.Answer quoteTimedOut = inProgress.join();
            assertThat(quoteTimedOut.status()).isEqualTo(503);
            assertThat(quoteTimedOut.text("detail")).startsWith("catalog");
            await().atMost(PATIENCE).until(() -> metric(isolated, "orders_api_in_progress") == 0.0);
        }
        assertThat(orders.stock(mug).get("reserved").asInt()).isZero();
    }

    /** The value of a meter of the given application, as its Prometheus endpoint shows it. */
    private static double metric(ConfigurableApplicationContext application, String name) {
        String metrics = RestClient.create().get().uri(Services.url(application) + "/actuator/prometheus")
                .retrieve().body(String.class);
        return metrics.lines()
                .filter(line -> line.startsWith(name + "{") || line.startsWith(name + " "))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no meter " + name + " in " + metrics));
    }

    @Test
    void aCustomerPlacesAndCancelsOnlyTheirOwnOrdersAndNothingWithoutAToken() {
        String mug = orders.addProduct("5.00", 3);
        String bob = services.token("bob");
        String pending = orders.place(mug, 1, "tok_timeout");

        Http.Answer anonymous = Http.post(services.orderCommandUrl() + "/orders", FlowOrders.order(mug, 1, "tok_visa"));
        Http.Answer forAlice = Http.post(services.orderCommandUrl() + "/orders", FlowOrders.order(mug, 1, "tok_visa"),
                Http.bearer(bob));
        Http.Answer cancelAlices = Http.post(services.orderCommandUrl() + "/orders/" + pending + "/cancel", null,
                Http.bearer(bob));
        Http.Answer addProduct = Http.post(services.catalogUrl() + "/products",
                "{\"sku\":\"sku-bob\",\"name\":\"Mug\",\"price\":\"1.00\",\"currency\":\"EUR\",\"stock\":1}",
                Http.bearer(bob));

        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.headers().getContentType()).hasToString("application/problem+json");
        assertThat(forAlice.status()).isEqualTo(403);
        assertThat(forAlice.text("detail")).isEqualTo("an order for customer alice belongs to another customer than bob");
        assertThat(cancelAlices.status()).isEqualTo(403);
        assertThat(cancelAlices.text("detail")).isEqualTo("order " + pending + " belongs to another customer than bob");
        assertThat(addProduct.status()).isEqualTo(403);
        assertThat(Http.post(services.orderCommandUrl() + "/orders/" + pending + "/cancel", null, Http.bearer(alice))
                .status()).isEqualTo(202);
        assertThat(orders.stock(mug).get("reserved").asInt()).isLessThanOrEqualTo(1);
    }

    private static int closedPort() {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
