package org.orderplatform.payment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.orderplatform.api.common.Money;
import org.orderplatform.api.order.OrderId;
import org.orderplatform.api.payment.PaymentId;
import org.orderplatform.api.payment.ProcessPaymentCommand;
import org.orderplatform.api.payment.RefundPaymentCommand;
import org.orderplatform.axonserver.EmbeddedAxonServer;
import org.orderplatform.infra.EmbeddedMongo;
import org.orderplatform.payment.provider.SimulatedPaymentProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The payment service against the real Axon server and the MongoDB-compatible server. */
@SpringBootTest(classes = PaymentApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {PaymentApplication.CONFIG_NAME, "resilience4j.timelimiter.instances.payment-provider.timeout-duration=1s"})
class PaymentIT {

    private static final EmbeddedMongo MONGO = EmbeddedMongo.start();
    private static final EmbeddedAxonServer AXON_SERVER = EmbeddedAxonServer.startInTemporaryDirectory("payment-it-axonserver");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Money AMOUNT = Money.of("42.00", "EUR");

    @LocalServerPort
    int port;
    @Autowired
    CommandGateway commands;
    @Autowired
    SimulatedPaymentProvider provider;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        registry.add("spring.data.mongodb.uri", () -> MONGO.connectionString() + "/payments");
        registry.add("axon.axonserver.servers", AXON_SERVER::servers);
    }

    @AfterAll
    static void stopInfrastructure() {
        AXON_SERVER.close();
        MONGO.close();
    }

    private record Answer(int status, MediaType type, JsonNode body) {
    }

    private Answer payment(OrderId order) {
        return RestClient.create("http://localhost:" + port).get().uri("/payments/" + order)
                .exchange((request, response) -> new Answer(response.getStatusCode().value(),
                        response.getHeaders().getContentType(), JSON.readTree(response.getBody().readAllBytes())));
    }

    private JsonNode awaitPayment(OrderId order, String status) {
        await().atMost(Duration.ofSeconds(15)).until(() -> payment(order).status() == 200
                && payment(order).body().get("status").asText().equals(status));
        return payment(order).body();
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
}
