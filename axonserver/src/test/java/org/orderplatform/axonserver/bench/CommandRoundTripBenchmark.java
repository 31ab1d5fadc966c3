package org.orderplatform.axonserver.bench;

import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.commandhandling.RoutingKey;
import org.orderplatform.axonserver.EmbeddedAxonServer;
import org.orderplatform.axonserver.support.AxonApp;

import java.util.Arrays;

/**
 * Command round trips between two Axon applications through the server: one sends commands one after another,
 * another handles them; the time from send to result is reported as percentiles. Part of {@link Benchmarks}.
 */
final class CommandRoundTripBenchmark {

    private static final int MEASURED = Integer.getInteger("bench.commands", 5000);
    private static final int WARM_UP = Integer.getInteger("bench.commands.warmup", 2000);

    private CommandRoundTripBenchmark() {
    }

    /** One table row. */
    static String run(EmbeddedAxonServer server) throws InterruptedException {
        try (AxonApp handler = AxonApp.builder(server.servers(), "bench-handler", "handler-1")
                .handlers(new PingHandler()).eventsInMemory().start();
             AxonApp sender = AxonApp.builder(server.servers(), "bench-sender", "sender-1").eventsInMemory().start()) {
            awaitHandler(sender);
            run(sender, WARM_UP);
            long started = System.nanoTime();
            long[] nanos = run(sender, MEASURED);
            double seconds = (System.nanoTime() - started) / 1e9;
            Arrays.sort(nanos);
            return String.format("%-34s %,14.0f   p50 %.2f ms, p99 %.2f ms, max %.2f ms",
                    "command round trip, " + MEASURED + " in a row", MEASURED / seconds, millis(nanos, 0.50),
                    millis(nanos, 0.99), nanos[nanos.length - 1] / 1e6);
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
