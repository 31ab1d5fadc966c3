package org.orderplatform.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The load benchmark of the running suite ({@code ./suite bench}): for each rate, Gatling places orders through
 * order-command while every process of the suite is read once a second; then every order is audited and the
 * figures are printed and written to {@code target/bench-results.md}. Exits 1 when an audit fails or the suite is
 * not up, 2 on bad arguments; a missed latency target is reported, not a failure.
 */
public final class SuiteBenchmark {

    /** Tries per order: a benchmark measures the suite's answers, not a client's patience. */
    static final int TRIES = 3;
    private static final int PRODUCTS = 10;
    private static final long STOCK = 10_000_000;
    /** How long orders may take, after the last one was sent, to become final and get their emails. */
    private static final Duration AUDIT_PATIENCE = Duration.ofSeconds(120);
    /** Lets the orders still in flight settle before the audit's reads add a load of their own. */
    private static final Duration QUIET_BEFORE_AUDIT = Duration.ofSeconds(1);

    /** The demo operator account, whose token may set the services' tracing sampling. */
    private static final String OPERATOR = "olivia";

    private final BenchSettings settings;
    private final SuiteClient suite = new SuiteClient();
    private final String runId = UUID.randomUUID().toString().substring(0, 8);

    private SuiteBenchmark(BenchSettings settings) {
        this.settings = settings;
    }

    public static void main(String[] args) {
        BenchSettings settings;
        try {
            settings = BenchSettings.parse(List.of(args), System.getenv(), System.getProperties());
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(BenchSettings.USAGE);
            System.exit(2);
            return;
        }
        int verdict;
        try {
            verdict = new SuiteBenchmark(settings).run();
        } catch (UncheckedIOException e) {
            System.err.println("The suite stopped answering (" + e.getMessage() + "); is it still up?");
            verdict = 1;
        } catch (RuntimeException e) {
            e.printStackTrace();
            verdict = 1;
        }
        // Gatling leaves threads behind; the exit code is the benchmark's verdict.
        System.exit(verdict);
    }

    private int run() {
        List<String> down = suite.unhealthy();
        if (!down.isEmpty()) {
            System.err.println("The suite is not up (not healthy: " + String.join(", ", down)
                    + "). Start it with ./suite up.");
            return 1;
        }
        Instant startedAt = Instant.now();
        List<RateResult> results = new ArrayList<>();
        try (SuiteSampler sampler = new SuiteSampler(settings.runDir()); OrderWatch watch = new OrderWatch(suite)) {
            List<String> unseen = sampler.missing();
            if (!unseen.isEmpty()) {
                System.err.println("No running process for " + String.join(", ", unseen) + " in " + sampler.pidDir()
                        + ": is SUITE_RUN_DIR the run directory of the suite that is up?");
                return 1;
            }
            List<String> productIds = addProducts();
            SuiteControl control = new SuiteControl(Path.of(System.getProperty("suite.script", "../suite")),
                    settings.runDir());
            List<String> further = furtherInstances(control);
            if (settings.scaleIn() && further.isEmpty()) {
                System.err.println("BENCH_SCALE_IN compares a suite started with ./suite up --instances against one "
                        + "instance each, but this suite runs one instance of each service.");
                return 1;
            }
            sampler.start();
            if (settings.scaleIn()) {
                results.addAll(runAtEachRate("every instance", productIds, sampler, watch));
                System.out.printf("%n== Stopping %s%n", String.join(", ", further));
                further.forEach(control::stop);
                try {
                    results.addAll(runAtEachRate("one instance each", productIds, sampler, watch));
                } finally {
                    System.out.printf("%n== Starting %s again%n", String.join(", ", further));
                    further.forEach(control::start);
                }
            } else if (settings.samplings().isEmpty()) {
                results.addAll(runAtEachRate(null, productIds, sampler, watch));
            } else {
                String operator = control.token(OPERATOR);
                Map<String, Double> own = new TreeMap<>();
                SuiteClient.TRACED.keySet().forEach(process -> own.put(process, suite.tracingSampling(process, operator)));
                try {
                    for (String sampling : settings.samplings()) {
                        System.out.printf("%n== Tracing sampling %s in %s%n", sampling, String.join(", ", own.keySet()));
                        own.keySet().forEach(process ->
                                suite.setTracingSampling(process, Double.parseDouble(sampling), operator));
                        results.addAll(runAtEachRate("sampling " + sampling, productIds, sampler, watch));
                    }
                } finally {
                    System.out.printf("%n== Tracing sampling back to %s%n", own);
                    own.forEach((process, probability) -> suite.setTracingSampling(process, probability, operator));
                }
            }
        }
        String table = ResultsTable.markdown(settings, startedAt, results);
        Path written = write(table);
        System.out.println();
        System.out.println(table);
        System.out.println("Written to " + written);
        return results.stream().allMatch(result -> result.audit().passed()) ? 0 : 1;
    }

    /** The instances beyond the first of each service, as {@code ./suite up --instances} started them. */
    private static List<String> furtherInstances(SuiteControl control) {
        return control.instances().entrySet().stream()
                .flatMap(service -> service.getValue().stream()
                        .map(SuiteControl.Instance::name)
                        .filter(name -> !name.equals(service.getKey())))
                .toList();
    }

    private List<RateResult> runAtEachRate(String variant, List<String> productIds, SuiteSampler sampler,
                                           OrderWatch watch) {
        List<RateResult> results = new ArrayList<>();
        for (int rate : settings.rates()) {
            results.add(runAt(rate, variant, productIds, sampler, watch));
        }
        return results;
    }

    private List<String> addProducts() {
        List<String> productIds = new ArrayList<>();
        for (int i = 1; i <= PRODUCTS; i++) {
            productIds.add(suite.addProduct("bench-" + runId + "-" + i, STOCK));
        }
        return productIds;
    }

    private RateResult runAt(int rate, String variant, List<String> productIds, SuiteSampler sampler,
                             OrderWatch watch) {
        // The audit counts each run's orders by their customer.
        String customerId = "bench-" + runId + "-" + rate
                + (variant == null ? "" : "-" + variant.replaceAll("[^A-Za-z0-9.]+", "-"));
        Map<String, StockLevel> stockBefore = stockOf(productIds);
        System.out.printf("%n== %d orders/s%s: %d s warm-up, then %d s measured (customer %s)%n", rate,
                variant == null ? "" : ", " + variant,
                settings.warmUp().toSeconds(), settings.measured().toSeconds(), customerId);
        Path report = runGatling(rate, customerId, productIds);
        PlacedOrders.Run run = PlacedOrders.drain();
        if (run.firstStart() == null) {
            throw new IllegalStateException("Gatling started no virtual user; see its output above");
        }

        Instant measuredFrom = run.firstStart().plus(settings.warmUp());
        List<PlacedOrder> measured = measured(run.accepted(), measuredFrom, rate);
        // Their latencies count nowhere; the table counts them as without a 201.
        List<PlacedOrder> placed = Stream.concat(run.accepted().stream(), suite.placeAllAgain(settings.entry().url,
                customerId, run.unanswered(), AUDIT_PATIENCE).stream()).toList();
        measured.stream().max(Comparator.comparing(PlacedOrder::intendedAt))
                .ifPresent(last -> watch.awaitSettled(List.of(last.orderId()), AUDIT_PATIENCE));
        Instant lastAwaited = Instant.now();
        OrderWatch.sleep(QUIET_BEFORE_AUDIT);

        System.out.printf("Auditing %d orders ...%n", placed.size());
        Map<String, OrderObservation> observed = watch.awaitSettled(
                placed.stream().map(PlacedOrder::orderId).collect(Collectors.toCollection(LinkedHashSet::new)),
                AUDIT_PATIENCE);
        Instant measuredUntil = measuredUntil(measured, observed, lastAwaited);
        AuditVerdict audit = Audit.judge(placed, observed, stockBefore, stockOf(productIds),
                suite.ordersOf(customerId));

        return new RateResult(rate, variant, settings.measured(), measured.size(), run.accepted().size() - measured.size(),
                (int) run.accepted().stream().filter(order -> order.tries() > 1).count(), run.unanswered().size(),
                LatencySummary.of(measured.stream().map(PlacedOrder::acceptLatency).toList()),
                LatencySummary.of(latencies(measured, observed, observation -> observation.isConfirmed()
                        ? Stream.of(observation.finalAt()) : Stream.empty())),
                LatencySummary.of(latencies(measured, observed, observation -> observation.firstEmailAt().stream())),
                sampler.usage(measuredFrom, measuredUntil), audit, report);
    }

    /**
     * The orders of the users due from the end of the warm-up on. The user due right at its end starts a little
     * early or late on the injector's timer: half an interval between users decides.
     */
    private static List<PlacedOrder> measured(List<PlacedOrder> accepted, Instant measuredFrom, int rate) {
        Instant firstMeasuredDue = measuredFrom.minus(Duration.ofNanos(500_000_000L / rate));
        return accepted.stream().filter(order -> !order.intendedAt().isBefore(firstMeasuredDue)).toList();
    }

    /**
     * The end of the measured window: when the last measured order was settled. Orders that never were, which fail
     * the audit, end it when the wait for the last measured order ended, before the audit's own reads.
     */
    private static Instant measuredUntil(List<PlacedOrder> measured, Map<String, OrderObservation> observed,
                                         Instant lastAwaited) {
        List<OrderObservation> outcomes = measured.stream()
                .map(order -> observed.getOrDefault(order.orderId(), OrderObservation.unseen(order.orderId())))
                .toList();
        if (outcomes.isEmpty() || !outcomes.stream().allMatch(OrderObservation::isSettled)) {
            return lastAwaited;
        }
        return outcomes.stream().map(OrderObservation::settledAt).max(Comparator.naturalOrder()).orElseThrow();
    }

    private static List<Duration> latencies(List<PlacedOrder> orders, Map<String, OrderObservation> observed,
                                            Function<OrderObservation, Stream<Instant>> moment) {
        return orders.stream()
                .filter(order -> observed.containsKey(order.orderId()))
                .flatMap(order -> moment.apply(observed.get(order.orderId()))
                        .map(at -> Duration.between(order.intendedAt(), at)))
                .toList();
    }

    private Map<String, StockLevel> stockOf(List<String> productIds) {
        Map<String, StockLevel> levels = new LinkedHashMap<>();
        productIds.forEach(productId -> levels.put(productId, suite.stock(productId)));
        return levels;
    }

    /** Runs the simulation in this JVM and returns its HTML report. */
    private Path runGatling(int rate, String customerId, List<String> productIds) {
        return new OrderLoad(rate, settings.warmUp().plus(settings.measured()), customerId, productIds, TRIES,
                settings.entry().url)
                .run(settings.outputDir().resolve("gatling"), rate + " orders/s, " + settings.warmUp().toSeconds()
                        + " s warm-up + " + settings.measured().toSeconds() + " s measured");
    }

    private Path write(String table) {
        try {
            Files.createDirectories(settings.outputDir());
            return Files.writeString(settings.outputDir().resolve("bench-results.md"), table);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
