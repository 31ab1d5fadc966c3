package org.orderplatform.bench;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * One scenario of the fault suite: its fault, the highest order rate it runs at ({@code 0}: the suite's rate), where
 * its orders go in, and the service of which it needs several instances (null: none). {@link #ALL} is the suite's
 * list, in the order they run; {@link #SCALE_OUT}, run as {@code scale-out}, needs {@code ./suite up --instances}.
 */
record Scenario(String name, Fault fault, int maxRate, BenchSettings.Entry entry, String scaledService) {

    static final List<Scenario> ALL = List.of(
            direct("catalog-down", Fault.killed("catalog", Duration.ofSeconds(90)), 0),
            direct("payment-down", Fault.killed("payment", Duration.ofSeconds(90)), 0),
            direct("order-command-kill", Fault.killed("order-command", Duration.ZERO), 0),
            direct("payment-kill", Fault.killed("payment", Duration.ZERO), 0),
            direct("axonserver-kill", Fault.killed("axonserver", Duration.ZERO), 0),
            direct("mongo-kill", Fault.killed("mongo", Duration.ZERO), 0),
            direct("kafka-down", Fault.killed("kafka", Duration.ofSeconds(60)), 0),
            direct("payment-freeze", Fault.frozen("payment", Duration.ofSeconds(30)), 0),
            direct("axonserver-freeze", Fault.frozen("axonserver", Duration.ofSeconds(30)), 0),
            // Charges that take as long as the saga waits for them: each completes about when its payment is settled.
            direct("payment-at-deadline", Fault.configured(
                    "every charge takes 1 s, and the saga waits 1 s for it (`ORDER_PAYMENT_TIMEOUT=1s`, "
                            + "`PAYMENT_PROVIDER_LATENCY=1s`)",
                    Map.of("order-command", Map.of("ORDER_PAYMENT_TIMEOUT", "1s"),
                            "payment", Map.of("PAYMENT_PROVIDER_LATENCY", "1s"))), 3));

    /**
     * With several instances of each service, one instance of each killed in turn while the others serve: the orders
     * go through the gateway, which balances over the instances.
     */
    static final List<Scenario> SCALE_OUT = Stream.of("catalog", "payment", "order-command", "order-query",
                    "notification")
            .map(service -> new Scenario(service + "-instance-kill", Fault.instanceKilled(service), 0,
                    BenchSettings.Entry.GATEWAY, service))
            .toList();

    static final String SCALE_OUT_NAME = "scale-out";

    /** The scenarios a name on the command line stands for: one, or the scale-out group. */
    static Optional<List<Scenario>> named(String name) {
        if (name.equals(SCALE_OUT_NAME)) {
            return Optional.of(SCALE_OUT);
        }
        return Stream.concat(ALL.stream(), SCALE_OUT.stream())
                .filter(scenario -> scenario.name().equals(name))
                .findFirst()
                .map(List::of);
    }

    static String names() {
        return String.join(" ", Stream.concat(Stream.concat(ALL.stream(), SCALE_OUT.stream()).map(Scenario::name),
                Stream.of(SCALE_OUT_NAME)).toList());
    }

    // Straight to order-command: the faults are the services', and retries under them outrun the gateway's limit.
    private static Scenario direct(String name, Fault fault, int maxRate) {
        return new Scenario(name, fault, maxRate, BenchSettings.Entry.ORDER_COMMAND, null);
    }

    int rate(int suiteRate) {
        return maxRate == 0 ? suiteRate : Math.min(maxRate, suiteRate);
    }
}
