package org.orderplatform.gateway;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gateway in front of several instances of a service: requests taken in turn, an instance that refuses
 * connections skipped with the request whole, and a {@code Location} naming any instance led back through the gateway.
 */
class GatewayBalancingIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    // Larger than any buffer on the way, so a body read by a failed attempt could not come out whole.
    private static final String LARGE_NOTE = "x".repeat(256 * 1024);

    private static SigninServer signin;
    private static StandIn firstPayment;
    private static StandIn secondPayment;
    private static StandIn orderCommand;
    private static URI refusing;
    private static GatewayServer gateway;
    private static String alice;
    private static String olivia;

    @BeforeAll
    static void start() throws Exception {
        signin = SigninServer.start();
        firstPayment = StandIn.start("payment-1");
        secondPayment = StandIn.start("payment-2");
        for (StandIn payment : List.of(firstPayment, secondPayment)) {
            // Whichever instance answers names the second one.
            payment.answer("POST", "/payments/o-1/refund", exchange -> {
                exchange.getResponseHeaders().set("Location", secondPayment.uri() + "/payments/o-1");
                StandIn.json(exchange, 202, "{}");
            });
        }
        orderCommand = StandIn.start("order-command");
        refusing = StandIn.down();

        gateway = GatewayServer.start(Map.of(
                "spring.security.oauth2.resourceserver.jwt.jwk-set-uri", signin.jwkSetUri(),
                "gateway.routing.payment", firstPayment.uri() + "," + secondPayment.uri(),
                // The refusing instance first: the service's first request meets it.
                "gateway.routing.order-command", refusing + "," + orderCommand.uri(),
                // Longer than the test: once met, the refusing instance stays left out.
                "gateway.routing.unreachable-pause", "10m"));
        alice = signin.token("alice");
        olivia = signin.token("olivia");
    }

    @AfterAll
    static void stop() {
        gateway.close();
        firstPayment.close();
        secondPayment.close();
        orderCommand.close();
        signin.close();
    }

    @Test
    void takesTheInstancesInTurn() throws Exception {
        List<String> answeredBy = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            HttpResponse<String> response = gateway.send("GET", "/payments/o-" + i, alice, null);
            assertThat(response.statusCode()).isEqualTo(200);
            answeredBy.add(JSON.readTree(response.body()).path("service").asText());
        }

        assertThat(answeredBy).containsOnly("payment-1", "payment-2");
        for (int i = 1; i < answeredBy.size(); i++) {
            assertThat(answeredBy.get(i)).as("request %d after %s", i, answeredBy).isNotEqualTo(answeredBy.get(i - 1));
        }
    }

    @Test
    void aLocationNamingAnyInstanceNamesTheGateway() throws Exception {
        // Two requests in a row: one to each instance.
        for (int i = 0; i < 2; i++) {
            HttpResponse<String> refunded = gateway.send("POST", "/payments/o-1/refund", alice, "{}");

            assertThat(refunded.statusCode()).isEqualTo(202);
            assertThat(refunded.headers().firstValue("Location")).hasValue(gateway.base + "/payments/o-1");
        }
    }

    @Test
    void anInstanceThatRefusesConnectionsIsSkippedWithTheWholeRequest() throws Exception {
        // The only test sending to order-command: its first request meets the refusing instance.
        for (int i = 0; i < 2; i++) {
            String order = "{\"customerId\":\"bob\",\"attempt\":" + i + ",\"note\":\"" + LARGE_NOTE + "\"}";

            HttpResponse<String> placed = gateway.send("POST", "/orders?attempt=" + i, olivia, order);

            assertThat(placed.statusCode()).as(placed.body()).isEqualTo(200);
            assertThat(orderCommand.saw("POST", "/orders?attempt=" + i).orElseThrow().body()).isEqualTo(order);
        }
        for (int i = 0; i < 2; i++) {
            assertThat(gateway.send("GET", "/admin/sagas?attempt=" + i, olivia, null).statusCode()).isEqualTo(200);
            assertThat(orderCommand.saw("GET", "/admin/sagas?attempt=" + i)).isPresent();
        }

        assertThat(gateway.instanceCount("gateway_instance_unreachable_total", "order-command", refusing))
                .as("met once, then left out").isEqualTo(1.0);
    }
}
