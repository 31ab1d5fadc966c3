package org.orderplatform.notification;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
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
import org.orderplatform.catalog.product.ProductCatalog;
import org.orderplatform.notification.inbound.PublishedEvents;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.IntStream;

/**
 * Time from an event being appended (its timestamp) to the SMTP server accepting its email (recorded as the email's
 * {@code sentAt} when the server answered), at a steady rate of orders placed through Axon, across the whole path:
 * order-command's aggregate and saga, catalog reserving stock, payment charging, the event store, the bridge, Kafka,
 * notification, MongoDB, SMTP. Each order gets two emails: ORDER_RECEIVED and ORDER_CONFIRMED. Orders are sent on a
 * fixed schedule, not after the previous one finished, so a slow moment delays the next ones and shows in the
 * figures. Run from the repository root (see notification/README.md):
 * <pre>
 * mvn -B -ntp -q -pl notification -am install -DskipTests
 * mvn -B -ntp -q -pl notification exec:exec -Dexec.executable=java -Dexec.classpathScope=test \
 *     -Dexec.args="-Dbenchmark.rate=50 -Dbenchmark.seconds=60 -cp %classpath org.orderplatform.notification.OrderEmailLatencyBenchmark"
 * </pre>
 */
public final class OrderEmailLatencyBenchmark {

    private static final Money PRICE = Money.of("9.90", "EUR");
    private static final int PRODUCTS = 100;
    private static final String SENT_EMAILS = "notifications";

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
        try (OrderPlatform platform = new OrderPlatform(true)) {
            CommandGateway commands = platform.orderCommand.getBean(CommandGateway.class);
            MongoTemplate notifications = platform.notification.getBean(MongoTemplate.class);
            List<ProductId> products = stock(platform.catalog.orElseThrow().getBean(ProductCatalog.class));
            PublishTimes published = new PublishTimes(platform.kafka.bootstrapServers());

            List<String> warmUp = place(commands, products, rate, Math.max(10, seconds / 3));
            awaitSent(notifications, 2 * warmUp.size(), Duration.ofMinutes(2));
            List<String> measured = place(commands, products, rate, seconds);
            awaitSent(notifications, 2 * (warmUp.size() + measured.size()), Duration.ofMinutes(2));

            Set<String> measuredOrders = Set.copyOf(measured);
            List<Document> emails = notifications.find(sent(), Document.class, SENT_EMAILS).stream()
                    .filter(email -> measuredOrders.contains(email.getString("orderId")))
                    .toList();
            System.out.printf("%d orders at %d/s, %d emails%n", measured.size(), rate, emails.size());
            print("append -> SMTP accepted, all emails", between(emails, "occurredAt", "sentAt"));
            print("  ORDER_RECEIVED", between(only(emails, "ORDER_RECEIVED"), "occurredAt", "sentAt"));
            print("  ORDER_CONFIRMED", between(only(emails, "ORDER_CONFIRMED"), "occurredAt", "sentAt"));
            print("  of which append -> on Kafka (bridge)", published.since(emails, published.createdAt));
            print("  of which append -> read by another consumer", published.since(emails, published.readAt));
            print("  of which append -> taken by notification", between(emails, "occurredAt", "firstAttemptAt"));
            print("  of which taken -> SMTP accepted", between(emails, "firstAttemptAt", "sentAt"));
        }
    }

    /** Stock enough for every order, spread over many products as in a shop, not one hot document. */
    private static List<ProductId> stock(ProductCatalog catalog) {
        return IntStream.range(0, PRODUCTS)
                .mapToObj(i -> new ProductId(catalog.add("SKU-" + i, "Tea " + i, PRICE, 1_000_000).id()))
                .toList();
    }

    private static List<String> place(CommandGateway commands, List<ProductId> products, int rate, int seconds)
            throws InterruptedException {
        int total = rate * seconds;
        List<String> orders = Collections.synchronizedList(new ArrayList<>());
        ScheduledExecutorService schedule = Executors.newSingleThreadScheduledExecutor();
        long periodMicros = 1_000_000L / rate;
        // scheduleAtFixedRate would stop silently at the first exception; the dispatch is asynchronous and throws none.
        schedule.scheduleAtFixedRate(() -> {
            if (orders.size() < total) {
                OrderId order = OrderId.generate();
                orders.add(order.value());
                ProductId product = products.get(orders.size() % products.size());
                commands.send(new PlaceOrderCommand(order, new CustomerId("customer-" + orders.size()),
                        "customer-" + UUID.randomUUID() + "@example.com",
                        List.of(new OrderLine(product, 1, PRICE)), "tok_visa"));
            }
        }, 0, periodMicros, TimeUnit.MICROSECONDS);
        while (orders.size() < total) {
            Thread.sleep(100);
        }
        schedule.shutdown();
        return List.copyOf(orders);
    }

    private static Query sent() {
        return Query.query(Criteria.where("status").is("SENT"));
    }

    /**
     * Waits by counting every sent email (all of them belong to this run's orders), the least the MongoDB stand-in,
     * shared with the path being measured, can be asked on each poll.
     */
    private static void awaitSent(MongoTemplate notifications, int expected, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long sent;
        while ((sent = notifications.count(sent(), SENT_EMAILS)) < expected) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("only " + sent + " of " + expected + " emails were sent within " + timeout);
            }
            Thread.sleep(200);
        }
    }

    private static List<Document> only(List<Document> emails, String kind) {
        return emails.stream().filter(email -> kind.equals(email.getString("kind"))).toList();
    }

    private static List<Long> between(List<Document> emails, String from, String to) {
        return sorted(emails.stream().map(email -> email.getDate(to).getTime() - email.getDate(from).getTime()).toList());
    }

    private static List<Long> sorted(List<Long> latencies) {
        List<Long> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        return sorted;
    }

    private static void print(String span, List<Long> latencies) {
        System.out.printf("%-45s n=%d p50=%d ms p90=%d ms p99=%d ms max=%d ms%n", span, latencies.size(),
                percentile(latencies, 50), percentile(latencies, 90), percentile(latencies, 99),
                latencies.get(latencies.size() - 1));
    }

    private static long percentile(List<Long> sorted, int percentile) {
        int index = (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, index));
    }

    /**
     * When the bridge's producer created each event's record (Kafka's CreateTime), and when a consumer of the
     * benchmark's own, doing nothing else, read it; by event identifier, which is also the email record's id.
     */
    private static final class PublishTimes {

        private final Map<String, Long> createdAt = new ConcurrentHashMap<>();
        private final Map<String, Long> readAt = new ConcurrentHashMap<>();

        PublishTimes(String bootstrapServers) {
            Thread reader = new Thread(() -> {
                try (var consumer = new KafkaConsumer<String, byte[]>(Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                        ConsumerConfig.GROUP_ID_CONFIG, "benchmark-" + UUID.randomUUID(),
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                        ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class))) {
                    consumer.subscribe(List.of(EventRecords.ORDERS));
                    while (true) {
                        consumer.poll(Duration.ofMillis(200)).forEach(record -> {
                            Header eventId = record.headers().lastHeader(PublishedEvents.EVENT_ID_HEADER);
                            String id = new String(eventId.value(), StandardCharsets.UTF_8);
                            readAt.putIfAbsent(id, System.currentTimeMillis());
                            createdAt.putIfAbsent(id, record.timestamp());
                        });
                    }
                }
            }, "benchmark-publish-times");
            reader.setDaemon(true);
            reader.start();
        }

        List<Long> since(List<Document> emails, Map<String, Long> times) {
            Predicate<Document> seen = email -> times.containsKey(email.getString("_id"));
            return sorted(emails.stream().filter(seen)
                    .map(email -> times.get(email.getString("_id")) - email.getDate("occurredAt").getTime())
                    .toList());
        }
    }
}
