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
import static io.gatling.javaapi.http.HttpDsl.header;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

/**
 * Places orders at a constant rate in Gatling's open model: a new virtual user every 1/rate seconds whatever the
 * earlier ones are waiting for, each placing one order with its own {@code Idempotency-Key} and retrying with that
 * key, as a client should, when the answer is a 5xx or does not come: after its {@code Retry-After}, or after a
 * back-off from 200 ms doubling up to 5 s, at most {@link #TRIES} times in all. Every answer is counted by status.
 * Configured through system properties, since Gatling creates the simulation itself; {@link SuiteBenchmark} and
 * {@link FaultSuite} set them.
 */
public class OrderSimulation extends Simulation {

    static final String RATE = "bench.simulation.rate";
    static final String DURATION_SECONDS = "bench.simulation.seconds";
    static final String CUSTOMER_ID = "bench.simulation.customerId";
    static final String PRODUCT_IDS = "bench.simulation.productIds";
    static final String ORDERS_URL = "bench.simulation.ordersUrl";
    static final String TRIES = "bench.simulation.tries";

    private static final int MAX_QUANTITY = 3;
    private static final Duration FIRST_BACK_OFF = Duration.ofMillis(200);
    private static final Duration LONGEST_BACK_OFF = Duration.ofSeconds(5);
    private static final String KEY = "idempotencyKey";
    private static final String INTENDED_AT = "intendedAt";
    private static final String PRODUCT_ID = "productId";
    private static final String QUANTITY = "quantity";
    private static final String TRIES_SO_FAR = "triesSoFar";
    private static final String ORDER_ID = "orderId";
    private static final String STATUS = "status";
    private static final String RETRY_AFTER = "retryAfter";

    public OrderSimulation() {
        double rate = Double.parseDouble(required(RATE));
        Duration duration = Duration.ofSeconds(Long.parseLong(required(DURATION_SECONDS)));
        String customerId = required(CUSTOMER_ID);
        List<String> productIds = List.of(required(PRODUCT_IDS).split(","));

        HttpProtocolBuilder orders = http.baseUrl(required(ORDERS_URL))
                .shareConnections()
                .disableWarmUp()
                .disableCaching();

        int tries = Integer.parseInt(required(TRIES));
        ChainBuilder placeOrder = exec(session -> start(session, productIds))
                .asLongAs(session -> !session.contains(ORDER_ID) && !refused(session)
                        && session.getInt(TRIES_SO_FAR) < tries).on(
                        doIf(session -> session.getInt(TRIES_SO_FAR) > 0).then(pause(OrderSimulation::backOff)),
                        exec(session -> session.set(TRIES_SO_FAR, session.getInt(TRIES_SO_FAR) + 1)
                                .removeAll(STATUS, RETRY_AFTER).markAsSucceeded()),
                        exec(http("POST /orders").post("/orders")
                                .header("Idempotency-Key", "#{" + KEY + "}")
                                .header("Authorization", session -> ServiceToken.bearer())
                                .body(StringBody(session -> body(customerId, session.getString(PRODUCT_ID),
                                        session.getInt(QUANTITY)))).asJson()
                                .check(status().saveAs(STATUS),
                                        header("Retry-After").optional().saveAs(RETRY_AFTER))
                                .checkIf((response, session) -> response.status().code() == 201)
                                .then(jsonPath("$.orderId").saveAs(ORDER_ID))),
                        exec(OrderSimulation::countAnswer))
                .exec(OrderSimulation::record);

        setUp(scenario("place orders").exec(placeOrder).injectOpen(constantUsersPerSec(rate).during(duration)))
                .protocols(orders);
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

    private static boolean refused(Session session) {
        return session.contains(STATUS) && session.getInt(STATUS) >= 400 && session.getInt(STATUS) < 500;
    }

    /** The server's {@code Retry-After} when it gave one, else the back-off of this try. */
    private static Duration backOff(Session session) {
        if (session.contains(RETRY_AFTER)) {
            try {
                return Duration.ofSeconds(Long.parseLong(session.getString(RETRY_AFTER).trim()));
            } catch (NumberFormatException dateInstead) {
                // An HTTP date: the back-off stands in.
            }
        }
        Duration backOff = FIRST_BACK_OFF.multipliedBy(1L << Math.min(10, session.getInt(TRIES_SO_FAR) - 1));
        return backOff.compareTo(LONGEST_BACK_OFF) > 0 ? LONGEST_BACK_OFF : backOff;
    }

    private static Session countAnswer(Session session) {
        PlacedOrders.answered(session.contains(STATUS) ? session.getInt(STATUS) : PlacedOrders.NO_ANSWER,
                session.contains(RETRY_AFTER));
        return session;
    }

    /** The same body on every try, and when asked again after the run: a key sent with another body is refused. */
    static String body(String customerId, String productId, int quantity) {
        return """
                {"customerId":"%s","customerEmail":"%s@example.com","items":[{"productId":"%s","quantity":%d}],\
                "paymentToken":"tok_visa"}"""
                .formatted(customerId, customerId, productId, quantity);
    }

    private static Session record(Session session) {
        if (!session.contains(ORDER_ID)) {
            PlacedOrders.unanswered(new UnansweredOrder(session.getString(KEY), session.getString(PRODUCT_ID),
                    session.getInt(QUANTITY), session.getInt(TRIES_SO_FAR), session.get(INTENDED_AT)));
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
