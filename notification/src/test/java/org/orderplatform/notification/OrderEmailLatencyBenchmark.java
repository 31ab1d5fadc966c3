package org.orderplatform.notification;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.bson.Document;
import org.orderplatform.api.catalog.ProductId;
import org.orderplatform.api.common.Money;
import org.orderplatform.api.order.CustomerId;
import org.orderplatform.api.order.OrderId;
import org.orderplatform.api.order.OrderLine;
import org.orderplatform.api.order.PlaceOrderCommand;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Time from an order's {@code OrderPlacedEvent} (its timestamp, taken as it is appended) to the SMTP server accepting
 * the ORDER_RECEIVED email (recorded as the email's {@code sentAt} when the server answered), at a steady rate of
 * orders placed through Axon, across the whole path: event store, bridge, Kafka, notification, MongoDB, SMTP.
 * Orders are sent on a fixed schedule, not after the previous one finished, so a slow moment delays the next ones
 * and shows in the figures. Run from the repository root (see notification/README.md):
 * <pre>
 * mvn -B -ntp -q -pl notification -am install -DskipTests
 * mvn -B -ntp -q -pl notification exec:exec -Dexec.executable=java -Dexec.classpathScope=test \
 *     -Dexec.args="-Dbenchmark.rate=50 -Dbenchmark.seconds=30 -cp %classpath org.orderplatform.notification.OrderEmailLatencyBenchmark"
 * </pre>
 */
public final class OrderEmailLatencyBenchmark {

    private static final Money PRICE = Money.of("9.90", "EUR");

    private OrderEmailLatencyBenchmark() {
    }

    public static void main(String[] args) throws InterruptedException {
        run();
        // Kafka and Axon leave non-daemon threads behind for a while after their contexts closed.
        System.exit(0);
    }

    private static void run() throws InterruptedException {
        int rate = Integer.getInteger("benchmark.rate", 50);
        int seconds = Integer.getInteger("benchmark.seconds", 30);
        try (OrderPlatform platform = new OrderPlatform()) {
            CommandGateway commands = platform.orderCommand.getBean(CommandGateway.class);
            MongoTemplate notifications = platform.notification.getBean(MongoTemplate.class);
            PublishTimes published = new PublishTimes(platform.kafka.bootstrapServers());

            List<String> warmUp = place(commands, rate, Math.max(5, seconds / 6));
            awaitSent(notifications, warmUp, Duration.ofMinutes(2));
            List<String> measured = place(commands, rate, seconds);
            awaitSent(notifications, measured, Duration.ofMinutes(2));

            print("append -> SMTP accepted", rate, latenciesMillis(notifications, measured, "occurredAt", "sentAt"));
            print("  of which append -> on Kafka (bridge)", rate, published.latenciesMillis(notifications, sentFor(measured)));
            print("  of which append -> taken from Kafka", rate, latenciesMillis(notifications, measured, "occurredAt", "firstAttemptAt"));
            print("  of which taken from Kafka -> SMTP accepted", rate, latenciesMillis(notifications, measured, "firstAttemptAt", "sentAt"));
        }
    }

    private static List<String> place(CommandGateway commands, int rate, int seconds) throws InterruptedException {
        int total = rate * seconds;
        List<String> orders = Collections.synchronizedList(new ArrayList<>());
        ScheduledExecutorService schedule = Executors.newSingleThreadScheduledExecutor();
        long periodMicros = 1_000_000L / rate;
        // scheduleAtFixedRate would stop silently at the first exception; the dispatch is asynchronous and throws none.
        schedule.scheduleAtFixedRate(() -> {
            if (orders.size() < total) {
                OrderId order = OrderId.generate();
                orders.add(order.value());
                commands.send(new PlaceOrderCommand(order, new CustomerId("customer-" + orders.size()),
                        "customer-" + UUID.randomUUID() + "@example.com",
                        List.of(new OrderLine(new ProductId("tea"), 1, PRICE)), "tok_visa"));
            }
        }, 0, periodMicros, TimeUnit.MICROSECONDS);
        while (orders.size() < total) {
            Thread.sleep(100);
        }
        schedule.shutdown();
        return List.copyOf(orders);
    }

    private static Query sentFor(List<String> orders) {
        return Query.query(Criteria.where("orderId").in(orders).and("kind").is("ORDER_RECEIVED").and("status").is("SENT"));
    }

    private static void awaitSent(MongoTemplate notifications, List<String> orders, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long sent;
        while ((sent = notifications.count(sentFor(orders), "notifications")) < orders.size()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("only " + sent + " of " + orders.size() + " emails were sent within " + timeout);
            }
            Thread.sleep(200);
        }
    }

    private static List<Long> latenciesMillis(MongoTemplate notifications, List<String> orders, String from, String to) {
        List<Long> latencies = new ArrayList<>();
        for (Document sent : notifications.find(sentFor(orders), Document.class, "notifications")) {
            latencies.add(sent.getDate(to).getTime() - sent.getDate(from).getTime());
        }
        Collections.sort(latencies);
        return latencies;
    }

    private static void print(String span, int rate, List<Long> latencies) {
        System.out.printf("%-45s orders=%d rate=%d/s p50=%d ms p90=%d ms p99=%d ms max=%d ms%n", span, latencies.size(), rate,
                percentile(latencies, 50), percentile(latencies, 90), percentile(latencies, 99),
                latencies.get(latencies.size() - 1));
    }

    /** When the bridge's producer created each order's record (Kafka's CreateTime), read by a consumer of its own. */
    private static final class PublishTimes {

        private final Map<String, Long> publishedAt = new ConcurrentHashMap<>();

        PublishTimes(String bootstrapServers) {
            Thread reader = new Thread(() -> {
                try (var consumer = new KafkaConsumer<String, byte[]>(Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                        ConsumerConfig.GROUP_ID_CONFIG, "benchmark-" + UUID.randomUUID(),
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                        ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class))) {
                    consumer.subscribe(List.of("orders.order-events"));
                    while (true) {
                        consumer.poll(Duration.ofMillis(200)).forEach(record -> publishedAt.putIfAbsent(record.key(), record.timestamp()));
                    }
                }
            }, "benchmark-publish-times");
            reader.setDaemon(true);
            reader.start();
        }

        List<Long> latenciesMillis(MongoTemplate notifications, Query sent) {
            List<Long> latencies = new ArrayList<>();
            for (Document email : notifications.find(sent, Document.class, "notifications")) {
                Long at = publishedAt.get(email.getString("orderId"));
                if (at != null) {
                    latencies.add(at - email.getDate("occurredAt").getTime());
                }
            }
            Collections.sort(latencies);
            return latencies;
        }
    }

    private static long percentile(List<Long> sorted, int percentile) {
        int index = (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, index));
    }
}
