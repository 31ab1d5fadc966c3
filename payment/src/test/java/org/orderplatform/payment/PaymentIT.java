package org.orderplatform.payment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.async.SequentialPerAggregatePolicy;
import org.axonframework.queryhandling.QueryBus;
import org.axonframework.queryhandling.QueryGateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.orderplatform.api.common.Money;
import org.orderplatform.api.order.OrderId;
import org.orderplatform.api.payment.PaymentId;
import org.orderplatform.api.payment.ProcessPaymentCommand;
import org.orderplatform.api.payment.RefundPaymentCommand;
import org.orderplatform.axonserver.EmbeddedAxonServer;
import org.orderplatform.infra.EmbeddedMongo;
import org.orderplatform.payment.provider.SimulatedPaymentProvider;
import org.orderplatform.signin.EmbeddedSignin;
import org.orderplatform.support.deadletter.DeadLetters;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The payment service against the real Axon server, the MongoDB-compatible server and the sign-in server, with
 * {@link KnownOrders} answering for order-query.
 */
@AutoConfigureObservability(tracing = false)
@SpringBootTest(classes = PaymentApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {PaymentApplication.CONFIG_NAME, "resilience4j.timelimiter.instances.payment-provider.timeout-duration=1s",
                "payment.order-query.timeout=3s", "payment.order-query.retry-after=2s",
                "support.metrics.sample-interval=200ms",
                // Dead letters are retried when a test says so, twice on their own.
                "support.dead-letters.retry-interval=1h", "support.dead-letters.max-attempts=2"})
@Import(FaultyPaymentHandler.class)
class PaymentIT {

    private static final EmbeddedMongo MONGO = EmbeddedMongo.start();
    private static final EmbeddedAxonServer AXON_SERVER = EmbeddedAxonServer.startInTemporaryDirectory("payment-it-axonserver");
    private static final EmbeddedSignin SIGNIN = EmbeddedSignin.start();
    private static final String ALICE = SIGNIN.token("alice");
    private static final String BOB = SIGNIN.token("bob");
    private static final String OPERATOR = SIGNIN.token("olivia");
    private static final String SERVICE = SIGNIN.serviceToken();
    private static final KnownOrders ORDERS = new KnownOrders();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Money AMOUNT = Money.of("42.00", "EUR");

    @LocalServerPort
    int port;
    @Autowired
    CommandGateway commands;
    @Autowired
    SimulatedPaymentProvider provider;
    @Autowired
    QueryBus queryBus;
    @Autowired
    QueryGateway queries;
    @Autowired
    EventProcessingConfiguration processing;
    @Autowired
    FaultyPaymentHandler faults;
    @Autowired
    DeadLetters deadLetters;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        registry.add("spring.data.mongodb.uri", () -> MONGO.connectionString() + "/payments");
        registry.add("axon.axonserver.servers", AXON_SERVER::servers);
        registry.add("spring.security.oauth2.resourceserver.jwt.jwk-set-uri", SIGNIN::jwkSetUri);
    }

    @BeforeEach
    void answerForOrderQuery() {
        ORDERS.answer(queryBus, queries);
    }

    /** MongoDB stays until the JVM exits: the context, closed after this, still samples its gauges there. */
    @AfterAll
    static void stopInfrastructure() {
        AXON_SERVER.close();
        SIGNIN.close();
    }

    private record Answer(int status, MediaType type, HttpHeaders headers, JsonNode body) {
    }

    /** Asks for the payment with {@code token} as the bearer token, or with none when it is null. */
    private Answer payment(OrderId order, String token) {
        return RestClient.create("http://localhost:" + port).get().uri("/payments/" + order)
                .headers(headers -> {
                    if (token != null) {
                        headers.setBearerAuth(token);
                    }
                })
                .exchange((request, response) -> new Answer(response.getStatusCode().value(),
                        response.getHeaders().getContentType(), response.getHeaders(),
                        JSON.readTree(response.getBody().readAllBytes())));
    }

    private Answer payment(OrderId order) {
        return payment(order, OPERATOR);
    }

    private JsonNode awaitPayment(OrderId order, String status) {
        await().atMost(Duration.ofSeconds(15)).until(() -> payment(order).status() == 200
                && payment(order).body().get("status").asText().equals(status));
        return payment(order).body();
    }

    private OrderId paidOrderOf(String customerId) {
        OrderId order = OrderId.generate();
        ORDERS.placed(order, customerId);
        commands.sendAndWait(ProcessPaymentCommand.forOrder(order, AMOUNT, "tok_visa"));
        awaitPayment(order, "COMPLETED");
        return order;
    }

    @Test
    void aViewUpdateThatFailsIsParkedAndRetriedTillItsCapThenByOperators() {
        OrderId order = OrderId.generate();
        String paymentId = PaymentId.forOrder(order).value();
        faults.poison(order);

        commands.sendAndWait(ProcessPaymentCommand.forOrder(order, AMOUNT, "tok_visa"));
        JsonNode letter = awaitDeadLetter(paymentId);

        assertThat(letter.path("processor").asText()).isEqualTo("payment-view");
        assertThat(letter.path("eventType").asText()).isEqualTo("org.orderplatform.api.payment.PaymentCompletedEvent");
        assertThat(letter.path("sequence").asText()).isEqualTo(paymentId);
        assertThat(letter.path("cause").asText())
                .isEqualTo("java.lang.IllegalStateException: the payment of order " + order + " is poisoned");
        assertThat(letter.path("attempts").asInt()).isEqualTo(1);
        awaitGauge(1);
        deadLetters.retryDue();
        assertThat(awaitDeadLetter(paymentId).path("attempts").asInt()).isEqualTo(2);
        deadLetters.retryDue();
        assertThat(awaitDeadLetter(paymentId).path("attempts").asInt()).as("past its cap: left parked").isEqualTo(2);
        Answer stillPoisoned = admin(HttpMethod.POST, "/admin/dead-letters/" + letter.path("id").asText() + "/retry");
        assertThat(stillPoisoned.body().path("succeeded").asBoolean()).isFalse();
        assertThat(stillPoisoned.body().path("remaining").get(0).path("attempts").asInt()).isEqualTo(3);

        faults.fix(order);
        Answer retried = admin(HttpMethod.POST, "/admin/dead-letters/" + letter.path("id").asText() + "/retry");

        assertThat(retried.status()).isEqualTo(200);
        assertThat(retried.body().path("succeeded").asBoolean()).isTrue();
        assertThat(retried.body().path("remaining")).isEmpty();
        assertThat(admin(HttpMethod.GET, "/admin/dead-letters").body()).isEmpty();
        awaitGauge(0);
        assertThat(awaitPayment(order, "COMPLETED").get("paymentId").asText()).isEqualTo(paymentId);
    }

    @Test
    void anEvictedDeadLetterIsGone() {
        OrderId order = OrderId.generate();
        faults.poison(order);
        commands.sendAndWait(ProcessPaymentCommand.forOrder(order, AMOUNT, "tok_visa"));
        String id = awaitDeadLetter(PaymentId.forOrder(order).value()).path("id").asText();
        faults.fix(order);

        Answer evicted = admin(HttpMethod.DELETE, "/admin/dead-letters/" + id);
        Answer again = admin(HttpMethod.DELETE, "/admin/dead-letters/" + id);

        assertThat(evicted.status()).isEqualTo(204);
        assertThat(admin(HttpMethod.GET, "/admin/dead-letters").body()).isEmpty();
        assertThat(again.status()).isEqualTo(404);
        assertThat(again.type()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(again.body().get("detail").asText()).isEqualTo("no dead letter " + id);
        awaitGauge(0);
    }

    @Test
    void onlyOperatorsReachTheDeadLetters() {
        Answer customer = admin(HttpMethod.GET, "/admin/dead-letters", ALICE);
        Answer customerRetry = admin(HttpMethod.POST, "/admin/dead-letters/retry", ALICE);

        assertThat(customer.status()).isEqualTo(403);
        assertThat(customer.type()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(customer.body().get("detail").asText())
                .isEqualTo("GET /admin/dead-letters needs the operator role; alice has the roles [customer]");
        assertThat(customerRetry.status()).isEqualTo(403);
        assertThat(admin(HttpMethod.GET, "/admin/dead-letters", SERVICE).status()).isEqualTo(403);
        assertThat(processing.sequencingPolicy("payment-view")).isInstanceOf(SequentialPerAggregatePolicy.class);
    }

    private Answer admin(HttpMethod method, String path) {
        return admin(method, path, OPERATOR);
    }

    private Answer admin(HttpMethod method, String path, String token) {
        return RestClient.create("http://localhost:" + port).method(method).uri(path)
                .headers(headers -> headers.setBearerAuth(token))
                .exchange((request, response) -> new Answer(response.getStatusCode().value(),
                        response.getHeaders().getContentType(), response.getHeaders(),
                        JSON.readTree(response.getBody().readAllBytes())));
    }

    /** The payment's one dead letter, once it is there. */
    private JsonNode awaitDeadLetter(String paymentId) {
        JsonNode letters = await().atMost(Duration.ofSeconds(15))
                .until(() -> admin(HttpMethod.GET, "/admin/dead-letters").body(), found -> found.size() == 1);
        assertThat(letters.get(0).path("aggregateId").asText()).isEqualTo(paymentId);
        return letters.get(0);
    }

    private void awaitGauge(double expected) {
        await().atMost(Duration.ofSeconds(10)).until(() -> RestClient.create("http://localhost:" + port).get()
                .uri("/actuator/prometheus").retrieve().body(String.class).lines()
                .filter(line -> line.startsWith("axon_dead_letters{") && line.contains("processor=\"payment-view\""))
                .anyMatch(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)) == expected));
    }

    @Test
    void chargesAnOrderOnceHoweverOftenItIsAsked() {
        OrderId order = OrderId.generate();
        int chargesBefore = provider.chargeCount();

        commands.sendAndWait(ProcessPaymentCommand.forOrder(order, AMOUNT, "tok_visa"));
        commands.sendAndWait(ProcessPaymentCommand.forOrder(order, AMOUNT, "tok_visa"));

        JsonNode view = awaitPayment(order, "COMPLETED");
        assertThat(view.get("paymentId").asText()).isEqualTo(PaymentId.forOrder(order).value());
        assertThat(view.get("orderId").asText()).isEqualTo(order.value());
        assertThat(view.get("amount").asText()).isEqualTo("42.00");
        assertThat(view.get("currency").asText()).isEqualTo("EUR");
        assertThat(provider.chargeCount() - chargesBefore).isEqualTo(1);
    }

    @Test
    void recordsADeclinedPaymentWithItsReason() {
        OrderId order = OrderId.generate();

        commands.sendAndWait(ProcessPaymentCommand.forOrder(order, AMOUNT, "tok_declined"));

        JsonNode view = awaitPayment(order, "FAILED");
        assertThat(view.get("reason").asText()).isEqualTo("card declined");
    }

    @Test
    void retriesATransientFailureAndChargesOnce() {
        OrderId order = OrderId.generate();
        int chargesBefore = provider.chargeCount();

        commands.sendAndWait(ProcessPaymentCommand.forOrder(order, AMOUNT, "tok_flaky"));

        awaitPayment(order, "COMPLETED");
        assertThat(provider.chargeCount() - chargesBefore).isEqualTo(1);
    }

    @Test
    void givesUpOnAProviderThatNeverAnswersAndRecordsNothing() {
        OrderId order = OrderId.generate();

        assertThatThrownBy(() -> commands.sendAndWait(ProcessPaymentCommand.forOrder(order, AMOUNT, "tok_timeout")))
                .isInstanceOf(CommandExecutionException.class)
                .hasMessageContaining("did not answer within 1000 ms");

        Answer answer = payment(order);
        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.type()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @Test
    void refundsACompletedPaymentOnlyOnce() {
        OrderId order = OrderId.generate();
        commands.sendAndWait(ProcessPaymentCommand.forOrder(order, AMOUNT, "tok_visa"));

        commands.sendAndWait(RefundPaymentCommand.forOrder(order));
        commands.sendAndWait(RefundPaymentCommand.forOrder(order));

        awaitPayment(order, "REFUNDED");
        assertThat(provider.refunded(PaymentId.forOrder(order))).isTrue();
    }

    @Test
    void refusesToRefundADeclinedPayment() {
        OrderId order = OrderId.generate();
        commands.sendAndWait(ProcessPaymentCommand.forOrder(order, AMOUNT, "tok_declined"));

        assertThatThrownBy(() -> commands.sendAndWait(RefundPaymentCommand.forOrder(order)))
                .isInstanceOf(CommandExecutionException.class)
                .hasMessageContaining("is FAILED and cannot be refunded");
    }

    @Test
    void refusesARequestWithoutATokenAsAProblem() {
        Answer answer = payment(paidOrderOf("alice"), null);

        assertThat(answer.status()).isEqualTo(401);
        assertThat(answer.type()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(answer.body().get("detail").asText()).contains("an access token from http://localhost:9000 is required");
    }

    @Test
    void showsACustomerThePaymentOfTheirOwnOrderOnly() {
        OrderId alices = paidOrderOf("alice");

        Answer own = payment(alices, ALICE);
        Answer another = payment(alices, BOB);

        assertThat(own.status()).isEqualTo(200);
        assertThat(own.body().get("orderId").asText()).isEqualTo(alices.value());
        assertThat(another.status()).isEqualTo(403);
        assertThat(another.type()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(another.body().get("detail").asText())
                .isEqualTo("the payment of order " + alices + " belongs to another customer than bob");
    }

    @Test
    void showsOperatorsAndServicesAnyPayment() {
        OrderId alices = paidOrderOf("alice");

        assertThat(payment(alices, OPERATOR).status()).isEqualTo(200);
        assertThat(payment(alices, SERVICE).status()).isEqualTo(200);
    }

    @Test
    void answersACustomerNotFoundForAnOrderOrderQueryDoesNotKnow() {
        OrderId unknown = OrderId.generate();
        commands.sendAndWait(ProcessPaymentCommand.forOrder(unknown, AMOUNT, "tok_visa"));
        awaitPayment(unknown, "COMPLETED");

        Answer answer = payment(unknown, ALICE);

        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.type()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(answer.body().get("detail").asText()).isEqualTo("no payment for order " + unknown);
    }

    @Test
    void answersACustomerAtOnceWithRetryAfterWhileOrderQueryCannotSay() {
        OrderId alices = paidOrderOf("alice");
        ORDERS.stopAnswering();
        await().atMost(Duration.ofSeconds(10)).until(() -> payment(alices, ALICE).status() == 503);

        long start = System.nanoTime();
        Answer answer = payment(alices, ALICE);
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(answer.status()).isEqualTo(503);
        assertThat(answer.type()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(answer.headers().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("2");
        assertThat(answer.body().get("detail").asText())
                .startsWith("order-query cannot say now whose order " + alices + " is");
        assertThat(took).as("well within the 3 s it would wait for an answer").isLessThan(Duration.ofSeconds(1));
        assertThat(payment(alices, OPERATOR).status()).as("operators need no answer").isEqualTo(200);
    }
}
