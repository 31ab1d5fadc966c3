package org.orderplatform.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The fault suite of the running suite ({@code ./suite chaos [SCENARIO...]}): for each scenario, orders arrive at a
 * constant rate (open model; a client retrying with its Idempotency-Key after {@code Retry-After}, for minutes if
 * need be); after {@link #LEAD} the fault is injected, held, and recovered from, and the orders keep coming for
 * {@link #TAIL} more. Then every accepted order is audited: final, emails once per fact, stock taken only for
 * confirmed orders, a charge kept exactly for each confirmed order. After scenarios run on several instances of a
 * service ({@code scale-out}), the {@link ScaleOutChecks} too. Prints a table and writes it to
 * {@code target/chaos-results.md}; exits 1 when an audit fails or the suite is not up (or not with the instances a
 * scenario needs), 2 on an unknown scenario.
 */
public final class FaultSuite {

    private static final Duration LEAD = Duration.ofSeconds(15);
    private static final Duration TAIL = Duration.ofSeconds(30);
    /** Longer than the saga's longest step (the stock timeout, 5 min): every order has ended by then. */
    private static final Duration SETTLE_PATIENCE = Duration.ofMinutes(6);
    /** Tries per order: with back-off up to 5 s, a client keeps trying for about three minutes. */
    private static final int TRIES = 40;
    private static final int PRODUCTS = 5;
    private static final long STOCK = 10_000_000;
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
            .withZone(ZoneOffset.UTC);

    record Result(Scenario scenario, int rate, int accepted, int unanswered, Map<Integer, Long> answers,
                  long unavailableWithoutRetryAfter, Duration finalAfterRecovery, AuditVerdict audit) {
    }

    private final SuiteClient suite = new SuiteClient();
    private final SuiteControl control;
    private final Path outputDir = Path.of("target").toAbsolutePath();
    private final String runId = UUID.randomUUID().toString().substring(0, 8);
    private final int rate;
    /** The orders of the scenarios run on several instances, as audited: read back after the replay. */
    private final Map<String, OrderObservation> scaledOutOrders = new LinkedHashMap<>();

    private FaultSuite(SuiteControl control, int rate) {
        this.control = control;
        this.rate = rate;
    }

    public static void main(String[] args) {
        List<Scenario> scenarios = new ArrayList<>();
        for (String name : args) {
            Optional<List<Scenario>> named = Scenario.named(name);
            if (named.isEmpty()) {
                System.err.println("No scenario '" + name + "'; they are: " + Scenario.names());
                System.exit(2);
            }
            scenarios.addAll(named.get());
        }
        SuiteControl control = new SuiteControl(Path.of(System.getProperty("suite.script", "../suite")),
                Path.of(System.getProperty("suite.runDir", "../run")));
        int rate = Integer.parseInt(System.getenv().getOrDefault("CHAOS_RATE", "20"));
        int verdict;
        try {
            verdict = new FaultSuite(control, rate).run(scenarios.isEmpty() ? Scenario.ALL : scenarios);
        } catch (RuntimeException e) {
            e.printStackTrace();
            verdict = 1;
        }
        // Gatling leaves threads behind; the exit code is the suite's verdict.
        System.exit(verdict);
    }

    private int run(List<Scenario> scenarios) {
        Map<String, List<SuiteControl.Instance>> instances = control.instances();
        List<String> single = scenarios.stream().map(Scenario::scaledService).filter(Objects::nonNull).distinct()
                .filter(service -> instances.getOrDefault(service, List.of()).size() < 2).toList();
        if (!single.isEmpty()) {
            System.err.println("Scale-out scenarios need several instances of " + String.join(", ", single)
                    + ": start the suite with ./suite up --instances " + single.stream()
                    .map(service -> service + "=2").collect(Collectors.joining(",")));
            return 1;
        }
        Instant startedAt = Instant.now();
        List<Result> results = new ArrayList<>();
        List<String> productIds = new ArrayList<>();
        try (OrderWatch watch = new OrderWatch(suite)) {
            for (Scenario scenario : scenarios) {
                List<String> down = suite.unhealthy();
                if (!down.isEmpty()) {
                    System.err.println("The suite is not up (not healthy: " + String.join(", ", down) + ").");
                    return 1;
                }
                if (productIds.isEmpty()) {
                    for (int i = 1; i <= PRODUCTS; i++) {
                        productIds.add(suite.addProduct("chaos-" + runId + "-" + i, STOCK));
                    }
                }
                Result result = run(scenario, results.size() + 1, productIds, watch);
                results.add(result);
                System.out.println(row(result));
            }
        }
        List<AuditVerdict> scaleOut = scaledOutOrders.isEmpty() ? List.of() : scaleOutChecks(instances);
        String table = table(startedAt, results) + scaleOut.stream()
                .map(check -> "\nScale-out: " + check.summary() + ": "
                        + (check.passed() ? "passed" : "**failed**: " + String.join("; ", check.problems())))
                .collect(Collectors.joining("\n", "", scaleOut.isEmpty() ? "" : "\n"));
        System.out.println();
        System.out.println(table);
        System.out.println("Written to " + write(table));
        return results.stream().allMatch(result -> result.audit().passed())
                && scaleOut.stream().allMatch(AuditVerdict::passed) ? 0 : 1;
    }

    private List<AuditVerdict> scaleOutChecks(Map<String, List<SuiteControl.Instance>> instances) {
        ScaleOutChecks checks = new ScaleOutChecks(suite, control.token("olivia"));
        List<AuditVerdict> verdicts = new ArrayList<>();
        verdicts.add(checks.awaitSegmentsSpread());
        List<SuiteControl.Instance> orderQueries = instances.getOrDefault("order-query", List.of());
        if (orderQueries.size() > 1) {
            verdicts.add(checks.replayOrderView(orderQueries, scaledOutOrders));
        }
        return verdicts;
    }

    private Result run(Scenario scenario, int number, List<String> productIds, OrderWatch watch) {
        Fault fault = scenario.fault();
        int scenarioRate = scenario.rate(rate);
        // Numbered, so that a scenario named twice audits each run's orders alone.
        String customerId = "chaos-" + runId + "-" + number + "-" + scenario.name();
        System.out.printf("%n== %s: %s, %d orders/s (customer %s)%n", scenario.name(), fault.description(),
                scenarioRate, customerId);
        fault.prepare().accept(control);
        Map<String, StockLevel> stockBefore = stockOf(productIds);

        AtomicReference<Instant> recoveredAt = new AtomicReference<>();
        AtomicReference<RuntimeException> injectorFailure = new AtomicReference<>();
        Thread injector = new Thread(() -> {
            try {
                OrderWatch.sleep(LEAD);
                System.out.println("-- injecting: " + fault.description());
                fault.inject().accept(control);
                OrderWatch.sleep(fault.held());
                System.out.println("-- recovering");
                fault.recover().accept(control);
                recoveredAt.set(Instant.now());
                System.out.println("-- recovered");
            } catch (RuntimeException e) {
                injectorFailure.set(e);
            }
        }, "fault-injector");
        injector.start();
        new OrderLoad(scenarioRate, LEAD.plus(fault.held()).plus(TAIL), customerId, productIds, TRIES,
                scenario.entry().url)
                .run(outputDir.resolve("gatling"), scenario.name() + ": " + fault.description());
        join(injector);
        PlacedOrders.Run run = PlacedOrders.drain();

        // A client that gave up keeps its key and asks again once the suite answers: the audit knows every order.
        List<PlacedOrder> placed = Stream.concat(run.accepted().stream(), suite.placeAllAgain(scenario.entry().url,
                customerId, run.unanswered(), SETTLE_PATIENCE).stream()).toList();
        System.out.printf("Auditing %d orders ...%n", placed.size());
        Map<String, OrderObservation> observed = watch.awaitSettled(
                placed.stream().map(PlacedOrder::orderId).toList(), SETTLE_PATIENCE);
        Map<String, Optional<String>> payments = new LinkedHashMap<>();
        observed.keySet().forEach(orderId -> payments.put(orderId, suite.paymentStatus(orderId)));
        AuditVerdict orders = Audit.judge(placed, observed, stockBefore, stockOf(productIds),
                suite.ordersOf(customerId));
        List<String> problems = new ArrayList<>(orders.problems());
        if (injectorFailure.get() != null) {
            problems.add("the fault could not be injected or recovered from: " + injectorFailure.get().getMessage());
        }
        problems.addAll(Charges.judge(observed, payments));
        if (scenario.scaledService() != null) {
            scaledOutOrders.putAll(observed);
        }
        fault.restore().accept(control);

        Instant recovered = recoveredAt.get() == null ? Instant.now() : recoveredAt.get();
        Duration finalAfterRecovery = observed.values().stream()
                .filter(OrderObservation::isFinal)
                .map(OrderObservation::settledAt)
                .max(Comparator.naturalOrder())
                .map(last -> Duration.between(recovered, last))
                .filter(after -> !after.isNegative())
                .orElse(Duration.ZERO);
        return new Result(scenario, scenarioRate, run.accepted().size(), run.unanswered().size(), run.answers(),
                run.unavailableWithoutRetryAfter(), finalAfterRecovery, new AuditVerdict(orders.summary(), problems));
    }

    private Map<String, StockLevel> stockOf(List<String> productIds) {
        Map<String, StockLevel> levels = new LinkedHashMap<>();
        productIds.forEach(productId -> levels.put(productId, suite.stock(productId)));
        return levels;
    }

    private static void join(Thread injector) {
        try {
            injector.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static String table(Instant startedAt, List<Result> results) {
        List<String> lines = new ArrayList<>();
        lines.add("## Fault suite, " + WHEN.format(startedAt));
        lines.add("");
        lines.add("Orders at a constant rate; the fault " + LEAD.toSeconds() + " s in; orders for " + TAIL.toSeconds()
                + " s more after it is held; then every accepted order audited.");
        lines.add("");
        lines.add("| scenario | fault | orders/s | accepted (201) | outcome | answers to POST /orders "
                + "| last order settled after recovery | audit |");
        lines.add("|---|---|---:|---:|---|---|---:|---|");
        results.forEach(result -> lines.add(row(result)));
        return String.join("\n", lines) + "\n";
    }

    private static String row(Result result) {
        return "| " + String.join(" | ", result.scenario().name(), result.scenario().fault().description(),
                Integer.toString(result.rate()), result.accepted() + (result.unanswered() > 0
                        ? " (" + result.unanswered() + " more without a 201 in time, asked again after)" : ""),
                result.audit().summary(), answers(result), result.finalAfterRecovery().toSeconds() + " s",
                result.audit().passed() ? "passed" : "**failed**: " + String.join("; ", result.audit().problems()))
                + " |";
    }

    private static String answers(Result result) {
        String answers = result.answers().entrySet().stream()
                .map(entry -> entry.getValue() + " × " + (entry.getKey() == PlacedOrders.NO_ANSWER ? "no answer"
                        : entry.getKey().toString()))
                .collect(Collectors.joining(", "));
        return result.unavailableWithoutRetryAfter() == 0 ? answers
                : answers + " (" + result.unavailableWithoutRetryAfter() + " × 503 without Retry-After)";
    }

    private Path write(String table) {
        try {
            Files.createDirectories(outputDir);
            return Files.writeString(outputDir.resolve("chaos-results.md"), table);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
