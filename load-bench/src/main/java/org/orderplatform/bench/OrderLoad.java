package org.orderplatform.bench;

import io.gatling.app.Gatling$;
import io.gatling.shared.cli.GatlingCliOptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * One run of {@link OrderSimulation} in this JVM: orders at a rate for a time, placed by one customer at
 * {@code ordersUrl}, each retried up to {@code tries} times; what the users saw is in {@link PlacedOrders} afterwards.
 */
record OrderLoad(int rate, Duration duration, String customerId, List<String> productIds, int tries,
                 String ordersUrl) {

    /** Runs the load to its end and returns Gatling's HTML report. */
    Path run(Path resultsFolder, String description) {
        System.setProperty(OrderSimulation.RATE, Integer.toString(rate));
        System.setProperty(OrderSimulation.DURATION_SECONDS, Long.toString(duration.toSeconds()));
        System.setProperty(OrderSimulation.CUSTOMER_ID, customerId);
        System.setProperty(OrderSimulation.PRODUCT_IDS, String.join(",", productIds));
        System.setProperty(OrderSimulation.ORDERS_URL, ordersUrl);
        System.setProperty(OrderSimulation.TRIES, Integer.toString(tries));
        Set<Path> earlier = reports(resultsFolder);
        int status = Gatling$.MODULE$.fromArgs(new String[] {
                GatlingCliOptions.Simulation.longOption(), OrderSimulation.class.getName(),
                GatlingCliOptions.ResultsFolder.longOption(), resultsFolder.toString(),
                GatlingCliOptions.RunDescription.longOption(), description});
        if (status != 0) {
            System.err.println("Gatling ended with status " + status + "; see its output above");
        }
        return reports(resultsFolder).stream()
                .filter(report -> !earlier.contains(report))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("Gatling wrote no report to " + resultsFolder));
    }

    private static Set<Path> reports(Path resultsFolder) {
        if (!Files.isDirectory(resultsFolder)) {
            return Set.of();
        }
        try (Stream<Path> runs = Files.list(resultsFolder)) {
            return runs.map(run -> run.resolve("index.html")).filter(Files::exists).collect(Collectors.toSet());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
