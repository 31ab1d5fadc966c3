package org.orderplatform.bench;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.doIf;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.pause;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

/**
 * Places orders at a constant rate in Gatling's open model: a new virtual user every 1/rate seconds whatever the
 * earlier ones are waiting for, each placing one order with its own {@code Idempotency-Key} and retrying with that
 * key when the answer is not 201 or does not come in time. Configured through system properties, since Gatling
 * creates the simulation itself; {@link SuiteBenchmark} sets them.
 */
public class OrderSimulation extends Simulation {

    static final String RATE = "bench.simulation.rate";
    static final String DURATION_SECONDS = "bench.simulation.seconds";
    static final String CUSTOMER_ID = "bench.simulation.customerId";
    static final String PRODUCT_IDS = "bench.simulation.productIds";
    static final String ORDER_COMMAND_URL = "bench.simulation.orderCommandUrl";

    static final int TRIES = 3;
    private static final int MAX_QUANTITY = 3;
    private static final Duration PAUSE_BEFORE_RETRY = Duration.ofMillis(200);
    private static final String KEY = "idempotencyKey";
    private static final String INTENDED_AT = "intendedAt";
    private static final String PRODUCT_ID = "productId";
    private static final String QUANTITY = "quantity";
    private static final String TRIES_SO_FAR = "triesSoFar";
    private static final String ORDER_ID = "orderId";

    public OrderSimulation() {
        double rate = Double.parseDouble(required(RATE));
        Duration duration = Duration.ofSeconds(Long.parseLong(required(DURATION_SECONDS)));
        String customerId = required(CUSTOMER_ID);
        List<String> productIds = List.of(required(PRODUCT_IDS).split(","));

        HttpProtocolBuilder orderCommand = http.baseUrl(required(ORDER_COMMAND_URL))
                .shareConnections()
                .disableWarmUp()
                .disableCaching();

        ChainBuilder placeOrder = exec(session -> start(session, productIds))
                .tryMax(TRIES).on(
                        exec(session -> session.set(TRIES_SO_FAR, session.getInt(TRIES_SO_FAR) + 1)),
                        doIf(session -> session.getInt(TRIES_SO_FAR) > 1).then(pause(PAUSE_BEFORE_RETRY)),
                        exec(http("POST /orders").post("/orders")
                                .header("Idempotency-Key", "#{" + KEY + "}")
                                .body(StringBody(session -> body(customerId, session))).asJson()
                                .check(status().is(201), jsonPath("$.orderId").saveAs(ORDER_ID))))
                .exec(OrderSimulation::record);

        setUp(scenario("place orders").exec(placeOrder).injectOpen(constantUsersPerSec(rate).during(duration)))
                .protocols(orderCommand);
    }

    /** The user's start is its intended send time: the open model starts it on schedule, whatever came before. */
    private static Session start(Session session, List<String> productIds) {
        Instant now = Instant.now();
        PlacedOrders.started(now);
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return session.set(KEY, UUID.randomUUID().toString())
                .set(INTENDED_AT, now)
                .set(PRODUCT_ID, productIds.get(random.nextInt(productIds.size())))
                .set(QUANTITY, random.nextInt(1, MAX_QUANTITY + 1))
                .set(TRIES_SO_FAR, 0);
    }

    /** The same body on every try: a key sent again with another body is refused. */
    private static String body(String customerId, Session session) {
        return """
                {"customerId":"%s","customerEmail":"%s@example.com","items":[{"productId":"%s","quantity":%d}],\
                "paymentToken":"tok_visa"}"""
                .formatted(customerId, customerId, session.getString(PRODUCT_ID), session.getInt(QUANTITY));
    }

    private static Session record(Session session) {
        if (session.isFailed()) {
            PlacedOrders.unanswered(session.getString(KEY));
        } else {
            PlacedOrders.accepted(new PlacedOrder(session.getString(KEY), session.getString(ORDER_ID),
                    session.getString(PRODUCT_ID), session.getInt(QUANTITY), session.getInt(TRIES_SO_FAR),
                    session.get(INTENDED_AT), Instant.now()));
        }
        return session;
    }

    private static String required(String property) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("system property " + property + " is not set; SuiteBenchmark sets it");
        }
        return value;
    }
}
