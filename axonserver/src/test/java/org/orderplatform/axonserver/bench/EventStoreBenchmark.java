package org.orderplatform.axonserver.bench;

import io.axoniq.axonserver.connector.AxonServerConnectionFactory;
import io.axoniq.axonserver.connector.event.AppendEventsTransaction;
import io.axoniq.axonserver.connector.event.EventChannel;
import io.axoniq.axonserver.connector.event.EventStream;
import io.axoniq.axonserver.connector.impl.ServerAddress;
import io.axoniq.axonserver.grpc.event.EventWithToken;
import org.orderplatform.axonserver.EmbeddedAxonServer;
import org.orderplatform.axonserver.support.TestEvents;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Durable appends and event streaming through the stock connector: transactions of 1 and 100 events from 1 and 16
 * writers, each waiting for its acknowledgement, then the whole store streamed to 1 and 4 readers. Part of
 * {@link Benchmarks}.
 */
final class EventStoreBenchmark {

    private static final long APPEND_SECONDS = Long.getLong("bench.append.seconds", 5);
    private static final long STREAM_EVENTS = Long.getLong("bench.stream.events", 250_000);

    private EventStoreBenchmark() {
    }

    /** One table row per run. */
    static List<String> run(EmbeddedAxonServer server) throws Exception {
        AxonServerConnectionFactory client = AxonServerConnectionFactory.forClient("benchmark")
                .routingServers(new ServerAddress("localhost", server.grpcPort()))
                .build();
        List<String> rows = new ArrayList<>();
        try {
            EventChannel channel = client.connect("default").eventChannel();
            appendRun(channel, 1, 1, 1);
            for (int batch : new int[]{1, 100}) {
                for (int writers : new int[]{1, 16}) {
                    rows.add(appendRun(channel, batch, writers, APPEND_SECONDS));
                }
            }
            fill(channel, STREAM_EVENTS);
            long events = channel.getLastToken().get() + 1;
            for (int readers : new int[]{1, 4}) {
                rows.add(streamRun(channel, readers, events));
            }
        } finally {
            client.shutdown();
        }
        return rows;
    }

    /** Each writer appends transactions of {@code batch} events to its own aggregate, waiting for each ack. */
    private static String appendRun(EventChannel channel, int batch, int writers, long seconds) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        AtomicLong transactions = new AtomicLong();
        long started = System.nanoTime();
        long end = started + TimeUnit.SECONDS.toNanos(seconds);
        List<CompletableFuture<Void>> done = new ArrayList<>();
        String run = "b" + batch + "-w" + writers + "-" + System.nanoTime();
        for (int w = 0; w < writers; w++) {
            String aggregateId = run + "-" + w;
            done.add(CompletableFuture.runAsync(() -> {
                long sequence = 0;
                while (System.nanoTime() < end) {
                    AppendEventsTransaction transaction = channel.startAppendEventsTransaction();
                    for (int i = 0; i < batch; i++) {
                        transaction.appendEvent(TestEvents.domainEvent(aggregateId, sequence++));
                    }
                    transaction.commit().join();
                    transactions.incrementAndGet();
                }
            }, pool));
        }
        CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).join();
        double elapsed = (System.nanoTime() - started) / 1e9;
        pool.shutdown();
        double perSecond = transactions.get() * batch / elapsed;
        return String.format("%-34s %,14.0f   %,.0f tx/s", "append batch " + batch + ", " + writers + " writer(s)",
                perSecond, transactions.get() / elapsed);
    }

    private static void fill(EventChannel channel, long events) {
        long missing = events - (channel.getLastToken().join() + 1);
        String aggregateId = "fill-" + System.nanoTime();
        for (long sequence = 0; sequence < missing; ) {
            AppendEventsTransaction transaction = channel.startAppendEventsTransaction();
            for (int i = 0; i < 1000; i++) {
                transaction.appendEvent(TestEvents.domainEvent(aggregateId, sequence++));
            }
            transaction.commit().join();
        }
    }

    /** Each reader streams the whole store from the start, with the Axon Framework's default buffer of 5000. */
    private static String streamRun(EventChannel channel, int readers, long events) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(readers);
        long started = System.nanoTime();
        List<CompletableFuture<Void>> done = new ArrayList<>();
        for (int r = 0; r < readers; r++) {
            done.add(CompletableFuture.runAsync(() -> {
                EventStream stream = channel.openStream(-1, 5000, 2500);
                try {
                    long expected = 0;
                    while (expected < events) {
                        EventWithToken next = stream.next();
                        if (next.getToken() != expected++) {
                            throw new IllegalStateException("token " + next.getToken() + " out of order");
                        }
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    stream.close();
                }
            }, pool));
        }
        CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).join();
        double elapsed = (System.nanoTime() - started) / 1e9;
        pool.shutdown();
        return String.format("%-34s %,14.0f   %,.0f per reader", "stream " + events + " events, " + readers
                + " reader(s)", readers * events / elapsed, events / elapsed);
    }
}
