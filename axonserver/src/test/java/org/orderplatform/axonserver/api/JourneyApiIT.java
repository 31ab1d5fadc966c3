package org.orderplatform.axonserver.api;

import com.fasterxml.jackson.databind.JsonNode;
import org.axonframework.messaging.MetaData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.orderplatform.axonserver.support.Http;
import org.orderplatform.axonserver.support.ServerPerClass;
import org.orderplatform.axonserver.support.Shop;
import org.orderplatform.axonserver.support.SigninServer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /v1/journey/{id}} over a real saga across four applications: web places an order, orders applies it,
 * billing's saga has payments charge it and then confirms it with orders.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JourneyApiIT {

    @RegisterExtension
    static final ServerPerClass SERVER = new ServerPerClass(withTraceLinks());
    private static final String UNSAMPLED_TRACE_ID = "0af7651916cd43dd8448eb211c80319c";
    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    private Shop shop;
    private Http http;

    @BeforeAll
    void start() {
        shop = Shop.open(SERVER.get());
        http = new Http(SERVER.get().httpPort()).withBearer(SigninServer.operatorToken());
        shop.placeAndConfirm("order-1", 30);
        shop.placeAndConfirm("order-10", 70);
        shop.placeAndConfirm("order-traced", 20,
                MetaData.with(Shop.TRACEPARENT, "00-" + TRACE_ID + "-00f067aa0ba902b7-01"));
        shop.placeAndConfirm("order-not-sampled", 20,
                MetaData.with(Shop.TRACEPARENT, "00-" + UNSAMPLED_TRACE_ID + "-00f067aa0ba902b7-00"));
    }

    private static Map<String, String> withTraceLinks() {
        Map<String, String> settings = new HashMap<>(SigninServer.trusted());
        settings.put("axonserver.trace-links", "http://traces.example/zipkin/traces/");
        return settings;
    }

    @AfterAll
    void stop() {
        shop.close();
    }

    @Test
    void followsAnOrderAcrossServicesInOrder() {
        JsonNode journey = ok(http.get("/v1/journey/order-1"));

        assertThat(steps(journey)).containsExactly(
                "COMMAND PlaceOrder web -> orders",
                "EVENT OrderPlaced orders",
                "COMMAND ChargePayment billing -> payments",
                "EVENT PaymentCharged payments",
                "COMMAND ConfirmOrder billing -> orders",
                "EVENT OrderConfirmed orders");
        JsonNode placed = journey.get("steps").get(1);
        assertThat(placed.get("reason").asText()).isEqualTo("AGGREGATE");
        assertThat(placed.get("event").get("aggregateId").asText()).isEqualTo("order-1");
        assertThat(placed.get("event").get("payload").asText()).contains("\"amount\" : 30");
        JsonNode charge = journey.get("steps").get(2);
        assertThat(charge.get("command").get("routingKey").asText()).isEqualTo("payment-order-1");
        assertThat(charge.get("command").get("correlationId").asText())
                .isEqualTo(placed.get("messageId").asText());
        assertThat(charge.get("reason").asText()).isEqualTo("TRACE");
        assertThat(journey.get("steps").get(3).get("reason").asText()).isEqualTo("PAYLOAD");
        assertThat(journey.get("storedEvents").asLong()).isEqualTo(12);
        assertThat(journey.get("searchedFromToken").asLong()).isZero();
        assertThat(journey.get("journaledCommands").asInt()).isEqualTo(12);
        assertThat(journey.get("truncated").asBoolean()).isFalse();
    }

    @Test
    void linksTheDistributedTraceItsEventsBelongTo() {
        JsonNode traced = ok(http.get("/v1/journey/order-traced"));

        assertThat(traced.get("traces")).hasSize(1);
        assertThat(traced.at("/traces/0/traceId").asText()).isEqualTo(TRACE_ID);
        assertThat(traced.at("/traces/0/sampled").asBoolean()).isTrue();
        assertThat(traced.at("/traces/0/url").asText()).isEqualTo("http://traces.example/zipkin/traces/" + TRACE_ID);
        assertThat(ok(http.get("/v1/journey/order-1")).get("traces")).isEmpty();
        // Not sampled: the trace backend has none of its spans, so there is nothing to link to.
        JsonNode notSampled = ok(http.get("/v1/journey/order-not-sampled"));
        assertThat(notSampled.at("/traces/0/traceId").asText()).isEqualTo(UNSAMPLED_TRACE_ID);
        assertThat(notSampled.at("/traces/0/sampled").asBoolean()).isFalse();
        assertThat(notSampled.at("/traces/0/url").isNull()).isTrue();
    }

    @Test
    void findsTheSameJourneyByItsTraceId() {
        String placeOrderId = ok(http.get("/v1/journey/order-1")).get("steps").get(0).get("messageId").asText();

        assertThat(steps(ok(http.get("/v1/journey/" + placeOrderId)))).hasSize(6)
                .first().isEqualTo("COMMAND PlaceOrder web -> orders");
    }

    @Test
    void anIdNothingCarriedHasAnEmptyJourney() {
        assertThat(ok(http.get("/v1/journey/order-404")).get("steps")).isEmpty();
    }

    @Test
    void refusesBadInputWithAProblemDetail() {
        assertProblem(http.get("/v1/journey/%20%20"), "id must not be blank");
        // A line break in the path does not even reach the API: the HTTP firewall refuses it first.
        assertProblem(http.get("/v1/journey/order%0A1"), "potentially malicious String");
        assertProblem(http.get("/v1/journey/" + "x".repeat(201)), "id must be at most 200 characters");
        assertProblem(http.get("/v1/journey/order-1?window=0"), "window must be a whole number from 1 to 1000000");
        assertProblem(http.get("/v1/journey/order-1?window=lots"), "window must be a whole number");
        assertProblem(http.get("/v1/journey/order-1?context=nope"), "Unknown context 'nope'");
        assertProblem(http.get("/v1/events?payloadType=NoSuchType"), "Unknown payload type 'NoSuchType'");
        assertProblem(http.get("/v1/events?aggregateId=a%09b"), "aggregateId must not contain control characters");
    }

    private static List<String> steps(JsonNode journey) {
        List<String> steps = new ArrayList<>();
        for (JsonNode step : journey.get("steps")) {
            String name = step.get("name").asText().replaceAll(".*[.$]", "");
            String kind = step.get("kind").asText();
            steps.add(kind.equals("COMMAND")
                    ? kind + " " + name + " " + step.get("command").get("dispatcherComponent").asText() + " -> "
                    + step.get("service").asText()
                    : kind + " " + name + " " + step.get("service").asText());
        }
        return steps;
    }

    private static void assertProblem(Http.Response response, String detail) {
        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.contentType()).isEqualTo("application/problem+json");
        assertThat(response.json().get("detail").asText()).contains(detail);
    }

    private static JsonNode ok(Http.Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }
}
