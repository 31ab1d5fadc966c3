package org.orderplatform.order.query.bench;

import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.MetaData;
import org.orderplatform.api.catalog.ProductId;
import org.orderplatform.api.common.Money;
import org.orderplatform.api.order.CancellationReason;
import org.orderplatform.api.order.CustomerId;
import org.orderplatform.api.order.OrderCancelledEvent;
import org.orderplatform.api.order.OrderConfirmedEvent;
import org.orderplatform.api.order.OrderId;
import org.orderplatform.api.order.OrderLine;
import org.orderplatform.api.order.OrderPlacedEvent;
import org.orderplatform.axonserver.EmbeddedAxonServer;
import org.orderplatform.infra.EmbeddedMongo;
import org.orderplatform.order.query.OrderQueryApplication;
import org.orderplatform.order.query.replay.ProjectionStatus;
import org.orderplatform.order.query.replay.Projections;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.BooleanSupplier;

/**
 * Replay throughput of the order view on a store of {@code orders} orders with two events each: the order view's
 * replay through the admin path (reset, rebuild into a new collection, swap) against a processor of the same kind
 * whose handlers do nothing, on the same event stream. Prints the figures; asserts nothing.
 * <p>
 * Arguments: number of orders (default 100000), batch size (default 1000), segments (default 2) and mode
 * ({@code tracking}, the default, or {@code pooled}) of both processors, and rounds (default 3): each round replays the
 * order view and then the no-op processor, and the medians are the figures.
 */
public final class ReplayBenchmark {

    public static void main(String[] args) throws Exception {
        int orders = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        String batchSize = args.length > 1 ? args[1] : "1000";
        String segments = args.length > 2 ? args[2] : "2";
        String mode = args.length > 3 ? args[3] : "tracking";
        int rounds = args.length > 4 ? Integer.parseInt(args[4]) : 3;
        try (EmbeddedMongo mongo = EmbeddedMongo.start();
             EmbeddedAxonServer axonServer = EmbeddedAxonServer.start(Files.createTempDirectory("replay-benchmark"));
             ConfigurableApplicationContext app = new SpringApplicationBuilder(OrderQueryApplication.class,
                     NoopOrderProjection.class)
                     .properties(OrderQueryApplication.CONFIG_NAME)
                     .run("--server.port=0",
                             "--spring.data.mongodb.uri=" + mongo.connectionString() + "/orders-query",
                             "--axon.axonserver.servers=" + axonServer.servers(),
                             "--axon.eventhandling.processors.orders.batch-size=" + batchSize,
                             "--axon.eventhandling.processors.orders.initial-segment-count=" + segments,
                             "--axon.eventhandling.processors.orders.mode=" + mode,
                             "--axon.eventhandling.processors.orders.thread-count=" + segments,
                             "--axon.eventhandling.processors.noop.mode=" + mode,
                             "--axon.eventhandling.processors.noop.thread-count=" + segments,
                             "--axon.eventhandling.processors.noop.source=eventStore",
                             "--axon.eventhandling.processors.noop.initial-segment-count=" + segments,
                             "--axon.eventhandling.processors.noop.batch-size=" + batchSize,
                             // Each round's replay replaces the collection; the replaced one need not wait around.
                             "--order-query.replay.retire-after=1s")) {
            EventStore events = app.getBean(EventStore.class);
            Projections projections = app.getBean(Projections.class);
            StreamingEventProcessor noop = app.getBean(EventProcessingConfiguration.class)
                    .eventProcessor(NoopOrderProjection.PROCESSOR, StreamingEventProcessor.class).orElseThrow();

            long populateStart = System.nanoTime();
            long stored = populate(events, orders);
            double populateSeconds = seconds(populateStart);
            System.out.printf("stored %,d events of %,d orders in %.1f s%n", stored, orders, populateSeconds);
            NoopOrderProjection baseline = app.getBean(NoopOrderProjection.class);
            await(() -> caughtUp(projections.status("orders").orElseThrow()) && baseline.handled() >= stored);

            List<Double> replayRates = new ArrayList<>();
            List<Double> noopRates = new ArrayList<>();
            for (int round = 1; round <= rounds; round++) {
                long replayStart = System.nanoTime();
                projections.replay("orders");
                await(() -> "LIVE".equals(projections.status("orders").orElseThrow().state()));
                replayRates.add(stored / seconds(replayStart));

                noop.shutDown();
                long handledBefore = baseline.handled();
                long noopStart = System.nanoTime();
                noop.resetTokens();
                noop.start();
                await(() -> baseline.handled() >= handledBefore + stored);
                noopRates.add(stored / seconds(noopStart));
                System.out.printf("round %d: order view replay %,.0f events/s, no-op handler %,.0f events/s%n",
                        round, replayRates.get(round - 1), noopRates.get(round - 1));
            }
            double replayRate = median(replayRates);
            double noopRate = median(noopRates);
            System.out.printf("order view replay: %,.0f events/s, median of %d rounds of %,d events (%s, batch size %s, %s segments)%n",
                    replayRate, rounds, stored, mode, batchSize, segments);
            System.out.printf("no-op handler:     %,.0f events/s, median of %d rounds%n", noopRate, rounds);
            System.out.printf("order view replay runs at %.0f%% of the no-op rate%n", 100 * replayRate / noopRate);
        }
        // The Axon Server connector leaves non-daemon threads behind, which would keep exec:java waiting.
        System.exit(0);
    }

    private static long populate(EventStore events, int orders) {
        List<OrderLine> lines = List.of(new OrderLine(new ProductId("p-1"), 2, Money.of("29.90", "EUR")),
                new OrderLine(new ProductId("p-2"), 1, Money.of("5.00", "EUR")));
        Money total = Money.of("64.80", "EUR");
        List<DomainEventMessage<?>> batch = new ArrayList<>();
        long stored = 0;
        for (int i = 0; i < orders; i++) {
            String orderId = UUID.randomUUID().toString();
            batch.add(event(orderId, 0, new OrderPlacedEvent(new OrderId(orderId), new CustomerId("customer-" + (i % 5000)),
                    "ann@example.com", lines, total, "tok_visa")));
            batch.add(event(orderId, 1, i % 4 == 0
                    ? new OrderCancelledEvent(new OrderId(orderId), CancellationReason.PAYMENT_DECLINED)
                    : new OrderConfirmedEvent(new OrderId(orderId))));
            if (batch.size() >= 1000) {
                events.publish(batch);
                stored += batch.size();
                batch.clear();
            }
        }
        events.publish(batch);
        return stored + batch.size();
    }

    private static DomainEventMessage<?> event(String orderId, long sequence, Object payload) {
        return new GenericDomainEventMessage<>("Order", orderId, sequence, payload, MetaData.emptyInstance(),
                UUID.randomUUID().toString(), Instant.now());
    }

    private static boolean caughtUp(ProjectionStatus status) {
        return status.position() != null && status.position().equals(status.head());
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        while (!condition.getAsBoolean()) {
            Thread.sleep(10);
        }
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
