package org.orderplatform.bench;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One scenario of the fault suite: its fault, and the highest order rate it runs at ({@code 0}: the suite's rate).
 * {@link #ALL} is the suite's list, in the order they run.
 */
record Scenario(String name, Fault fault, int maxRate) {

    static final List<Scenario> ALL = List.of(
            new Scenario("catalog-down", Fault.killed("catalog", Duration.ofSeconds(90)), 0),
            new Scenario("payment-down", Fault.killed("payment", Duration.ofSeconds(90)), 0),
            new Scenario("order-command-kill", Fault.killed("order-command", Duration.ZERO), 0),
            new Scenario("payment-kill", Fault.killed("payment", Duration.ZERO), 0),
            new Scenario("axonserver-kill", Fault.killed("axonserver", Duration.ZERO), 0),
            new Scenario("mongo-kill", Fault.killed("mongo", Duration.ZERO), 0),
            new Scenario("kafka-down", Fault.killed("kafka", Duration.ofSeconds(60)), 0),
            new Scenario("payment-freeze", Fault.frozen("payment", Duration.ofSeconds(30)), 0),
            new Scenario("axonserver-freeze", Fault.frozen("axonserver", Duration.ofSeconds(30)), 0),
            // Charges that take as long as the saga waits for them: each completes about when its payment is settled.
            new Scenario("payment-at-deadline", Fault.configured(
                    "every charge takes 1 s, and the saga waits 1 s for it (`ORDER_PAYMENT_TIMEOUT=1s`, "
                            + "`PAYMENT_PROVIDER_LATENCY=1s`)",
                    Map.of("order-command", Map.of("ORDER_PAYMENT_TIMEOUT", "1s"),
                            "payment", Map.of("PAYMENT_PROVIDER_LATENCY", "1s"))), 3));

    static Optional<Scenario> named(String name) {
        return ALL.stream().filter(scenario -> scenario.name().equals(name)).findFirst();
    }

    int rate(int suiteRate) {
        return maxRate == 0 ? suiteRate : Math.min(maxRate, suiteRate);
    }
}
