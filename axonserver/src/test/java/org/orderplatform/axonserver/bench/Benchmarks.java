package org.orderplatform.axonserver.bench;

import org.orderplatform.axonserver.EmbeddedAxonServer;
import org.springframework.util.FileSystemUtils;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * Every benchmark of the server, against one server running in this JVM on a temporary directory, printed as one
 * table with the machine it ran on. Not a test; run it from the repository root with
 * {@code mvn -q -pl axonserver -Pbench test-compile exec:java} (takes about two minutes; tune with
 * {@code -Dbench.append.seconds=5 -Dbench.stream.events=250000 -Dbench.commands=5000 -Dbench.large.events=1000000}).
 * The dashboard figures come from a second server on a store of a million events ({@link LargeStoreBenchmark}).
 */
public final class Benchmarks {

    private Benchmarks() {
    }

    public static void main(String[] args) throws Exception {
        Path data = Files.createTempDirectory("axonserver-bench");
        List<String> rows = new ArrayList<>();
        try (EmbeddedAxonServer server = EmbeddedAxonServer.start(data)) {
            rows.addAll(EventStoreBenchmark.run(server));
            rows.add(CommandRoundTripBenchmark.run(server));
        } finally {
            FileSystemUtils.deleteRecursively(data);
        }
        System.out.printf("%n%s, %d cores, Java %s (%s), %s%n", LocalDate.now(),
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
                System.getProperty("java.vm.name"), System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        System.out.printf("%-34s %14s   %s%n", "run", "per second", "detail");
        rows.forEach(System.out::println);
        System.out.printf("%nDashboard API on a large store%n");
        LargeStoreBenchmark.run().forEach(System.out::println);
    }
}
