package org.orderplatform.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Reads orders from order-query and notification until each is settled (final, and with its emails when
 * confirmed) or patience runs out. A few requests in flight at most, so thousands of orders are read in seconds
 * without becoming a load of their own.
 */
final class OrderWatch implements AutoCloseable {

    private static final int IN_FLIGHT = 8;
    private static final Duration BETWEEN_ROUNDS = Duration.ofMillis(500);

    private final SuiteClient suite;
    private final ExecutorService readers = Executors.newFixedThreadPool(IN_FLIGHT);

    OrderWatch(SuiteClient suite) {
        this.suite = suite;
    }

    /** The last observation of each order, settled or as it stood when patience ran out. */
    Map<String, OrderObservation> awaitSettled(Collection<String> orderIds, Duration patience) {
        Instant deadline = Instant.now().plus(patience);
        Map<String, OrderObservation> latest = new ConcurrentHashMap<>();
        Set<String> pending = new LinkedHashSet<>(orderIds);
        while (true) {
            List<Future<OrderObservation>> round = pending.stream()
                    .map(orderId -> readers.submit(() -> suite.observe(orderId)))
                    .toList();
            for (Future<OrderObservation> reading : round) {
                OrderObservation observation = await(reading);
                latest.put(observation.orderId(), observation);
                if (observation.isSettled()) {
                    pending.remove(observation.orderId());
                }
            }
            if (pending.isEmpty() || Instant.now().isAfter(deadline)) {
                return latest;
            }
            sleep(BETWEEN_ROUNDS);
        }
    }

    private static OrderObservation await(Future<OrderObservation> reading) {
        try {
            return reading.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static void sleep(Duration pause) {
        try {
            Thread.sleep(pause.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        readers.shutdownNow();
    }
}
