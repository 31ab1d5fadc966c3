package org.orderplatform.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gateway in front of instances that break off the exchange before answering, as an instance killed mid-request
 * does: a request that may be sent twice goes on to the next instance with its body whole; any other is a {@code 502}
 * that says the service may have acted on it.
 */
class GatewayBrokenOffIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BROKEN_OFF = "gateway_instance_broken_off_total";
    // Larger than any buffer on the way, so a body read by the first attempt could not reach the second whole.
    private static final String LARGE_NOTE = "x".repeat(256 * 1024);

    private static SigninServer signin;
    private static StandIn dyingOrderCommand;
    private static StandIn orderCommand;
    private static List<StandIn> dyingPayments;
    private static GatewayServer gateway;
    private static String alice;
    private static String olivia;

    @BeforeAll
    static void start() throws Exception {
        signin = SigninServer.start();
        dyingOrderCommand = StandIn.start("order-command-dying");
        dyingOrderCommand.answer("POST", "/orders", StandIn::breakOff);
        orderCommand = StandIn.start("order-command");
        dyingPayments = List.of(StandIn.start("payment-1"), StandIn.start("payment-2"));
        for (StandIn payment : dyingPayments) {
            payment.answer("GET", "/payments/o-1", StandIn::breakOff);
            payment.answer("POST", "/payments/o-1/refund", StandIn::breakOff);
        }
        gateway = GatewayServer.start(Map.of(
                "spring.security.oauth2.resourceserver.jwt.jwk-set-uri", signin.jwkSetUri(),
                "gateway.routing.order-command", dyingOrderCommand.uri() + "," + orderCommand.uri(),
                "gateway.routing.payment", dyingPayments.get(0).uri() + "," + dyingPayments.get(1).uri(),
                "gateway.routing.retry-after", "7s"));
        alice = signin.token("alice");
        olivia = signin.token("olivia");
    }

    @AfterAll
    static void stop() {
        gateway.close();
        dyingOrderCommand.close();
        orderCommand.close();
        dyingPayments.forEach(StandIn::close);
        signin.close();
    }

    @Test
    void anOrderWithAnIdempotencyKeyThatOneInstanceBrokeOffIsPlacedByTheOtherWithItsWholeBody() throws Exception {
        double brokenOffBefore = gateway.instanceCount(BROKEN_OFF, "order-command", dyingOrderCommand.uri());

        // Two in a row: one of them is sent to the dying instance first. A customer's order is read by the gateway
        // before it is sent (it must name the token's customer), an operator's is not: both kinds are resent whole.
        for (int i = 0; i < 2; i++) {
            String order = "{\"customerId\":\"alice\",\"keyed\":" + i + ",\"note\":\"" + LARGE_NOTE + "\"}";

            HttpResponse<String> placed = gateway.send("POST", "/orders?keyed=" + i, i == 0 ? alice : olivia, order,
                    Map.of("Idempotency-Key", "order-" + i));

            assertThat(placed.statusCode()).as(placed.body()).isEqualTo(200);
            assertThat(JSON.readTree(placed.body()).path("service").asText()).isEqualTo("order-command");
            assertThat(orderCommand.saw("POST", "/orders?keyed=" + i).orElseThrow().body()).isEqualTo(order);
        }

        List<String> brokenOff = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            int attempt = i;
            dyingOrderCommand.saw("POST", "/orders?keyed=" + i).ifPresent(seen -> {
                assertThat(seen.body()).as("the dying instance read the whole body").contains(LARGE_NOTE);
                brokenOff.add("keyed=" + attempt);
            });
        }
        assertThat(brokenOff).hasSize(1);
        assertThat(gateway.instanceCount(BROKEN_OFF, "order-command", dyingOrderCommand.uri()))
                .isEqualTo(brokenOffBefore + 1);
    }

    @Test
    void anOrderWithoutAKeyThatAnInstanceBrokeOffIsA502SayingTheOrderMayHaveBeenPlaced() throws Exception {
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            HttpResponse<String> response = gateway.send("POST", "/orders?plain=" + i, olivia,
                    "{\"customerId\":\"bob\"}");
            boolean metTheDyingInstance = dyingOrderCommand.saw("POST", "/orders?plain=" + i).isPresent();

            if (metTheDyingInstance) {
                assertThat(response.statusCode()).isEqualTo(502);
                assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
                assertThat(JSON.readTree(response.body()).path("detail").asText())
                        .startsWith("order-command broke off the exchange and may have acted on the request");
                assertThat(orderCommand.saw("POST", "/orders?plain=" + i)).as("not sent twice").isEmpty();
            } else {
                assertThat(response.statusCode()).isEqualTo(200);
            }
            statuses.add(response.statusCode());
        }

        assertThat(statuses).containsExactlyInAnyOrder(200, 502);
    }

    @Test
    void aReadThatEveryInstanceBrokeOffIsA503WithRetryAfter() throws Exception {
        HttpResponse<String> response = gateway.send("GET", "/payments/o-1", alice, null);

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Retry-After")).hasValue("7");
        JsonNode problem = JSON.readTree(response.body());
        assertThat(problem.path("detail").asText()).isEqualTo(
                "payment broke off the exchange on every instance tried; the request may be sent again later");
        for (StandIn payment : dyingPayments) {
            assertThat(payment.saw("GET", "/payments/o-1")).as(payment.name).isPresent();
        }
    }

    @Test
    void aKeyOnARouteWhoseServiceDoesNotHonourKeysIsNeverSentTwice() throws Exception {
        HttpResponse<String> response = gateway.send("POST", "/payments/o-1/refund", alice, "{}",
                Map.of("Idempotency-Key", "refund-1"));

        assertThat(response.statusCode()).isEqualTo(502);
        assertThat(dyingPayments.stream().filter(payment -> payment.saw("POST", "/payments/o-1/refund").isPresent()))
                .hasSize(1);
    }
}
