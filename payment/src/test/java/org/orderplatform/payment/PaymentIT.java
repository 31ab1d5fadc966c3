package org.orderplatform.payment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.PropagatingErrorHandler;
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
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
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
@SpringBootTest(classes = PaymentApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {PaymentApplication.CONFIG_NAME, "resilience4j.timelimiter.instances.payment-provider.timeout-duration=1s",
                "payment.order-query.timeout=3s", "payment.order-query.retry-after=2s"})
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

    @AfterAll
    static void stopInfrastructure() {
        AXON_SERVER.close();
        MONGO.close();
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
    void aViewUpdateThatFailsIsRetriedNotSkipped() {
        // Axon's default logs and skips a failing handler: with MongoDB away, a paid order would lose its payment.
        assertThat(processing.listenerInvocationErrorHandler("payment-view")).isInstanceOf(PropagatingErrorHandler.class);
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
