package org.orderplatform.axonserver.bench;

import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.commandhandling.RoutingKey;
import org.orderplatform.axonserver.EmbeddedAxonServer;
import org.orderplatform.axonserver.support.AxonApp;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Measures command round trips through the server: one Axon application sends commands one after another, another
 * handles them, and the time from send to result is reported as percentiles.
 * <p>
 * Arguments: number of measured commands (default 5000), number of warm-up commands (default 2000).
 */
public final class CommandRoundTripBenchmark {

    private CommandRoundTripBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int measured = args.length > 0 ? Integer.parseInt(args[0]) : 5000;
        int warmUp = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
        Path dataDir = Files.createTempDirectory("axonserver-bench");
        try (EmbeddedAxonServer server = EmbeddedAxonServer.start(dataDir);
             AxonApp handler = AxonApp.builder(server.servers(), "bench-handler", "handler-1")
                     .handlers(new PingHandler()).eventsInMemory().start();
             AxonApp sender = AxonApp.builder(server.servers(), "bench-sender", "sender-1").eventsInMemory().start()) {
            awaitHandler(sender);
            run(sender, warmUp);
            long started = System.nanoTime();
            long[] nanos = run(sender, measured);
            double seconds = (System.nanoTime() - started) / 1e9;
            Arrays.sort(nanos);
            System.out.printf("commands=%d  throughput=%.0f/s  p50=%.3f ms  p90=%.3f ms  p99=%.3f ms  max=%.3f ms%n",
                    measured, measured / seconds, millis(nanos, 0.50), millis(nanos, 0.90), millis(nanos, 0.99),
                    nanos[nanos.length - 1] / 1e6);
        }
    }

    private static long[] run(AxonApp sender, int count) {
        long[] nanos = new long[count];
        for (int i = 0; i < count; i++) {
            long start = System.nanoTime();
            sender.commandGateway().sendAndWait(new Ping("order-" + (i % 100)));
            nanos[i] = System.nanoTime() - start;
        }
        return nanos;
    }

    /** The handler subscribes asynchronously after start; the first commands would otherwise find no handler. */
    private static void awaitHandler(AxonApp sender) throws InterruptedException {
        for (int attempt = 0; attempt < 100; attempt++) {
            try {
                sender.commandGateway().sendAndWait(new Ping("probe"));
                return;
            } catch (RuntimeException notYetSubscribed) {
                Thread.sleep(100);
            }
        }
        throw new IllegalStateException("The handler did not subscribe within 10 seconds");
    }

    private static double millis(long[] sorted, double percentile) {
        int index = (int) Math.min(sorted.length - 1, Math.ceil(percentile * sorted.length) - 1);
        return sorted[Math.max(0, index)] / 1e6;
    }

    record Ping(@RoutingKey String orderId) {
    }

    static final class PingHandler {

        @CommandHandler
        public String handle(Ping ping) {
            return ping.orderId();
        }
    }
}
