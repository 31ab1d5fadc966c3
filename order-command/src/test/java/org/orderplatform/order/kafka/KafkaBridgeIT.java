package org.orderplatform.order.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.model.Filters;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventhandling.gateway.EventGateway;
import org.axonframework.eventhandling.pooled.PooledStreamingEventProcessor;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.extensions.kafka.eventhandling.consumer.ConsumerFactory;
import org.axonframework.extensions.kafka.eventhandling.consumer.Fetcher;
import org.axonframework.extensions.mongo.MongoTemplate;
import org.axonframework.extensions.mongo.eventsourcing.tokenstore.MongoTokenStore;
import org.axonframework.serialization.Serializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.orderplatform.api.catalog.ProductId;
import org.orderplatform.api.catalog.StockLine;
import org.orderplatform.api.catalog.StockReservedEvent;
import org.orderplatform.api.common.Money;
import org.orderplatform.api.order.ConfirmOrderCommand;
import org.orderplatform.api.order.CustomerId;
import org.orderplatform.api.order.OrderId;
import org.orderplatform.api.order.OrderLine;
import org.orderplatform.api.order.PlaceOrderCommand;
import org.orderplatform.api.payment.PaymentId;
import org.orderplatform.api.payment.PaymentRefundedEvent;
import org.orderplatform.axonserver.EmbeddedAxonServer;
import org.orderplatform.infra.EmbeddedKafka;
import org.orderplatform.infra.EmbeddedMongo;
import org.orderplatform.order.OrderCommandApplication;
import org.orderplatform.support.AtLeastOnceTokenStore;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** The Kafka bridge in order-command against the real Axon server, a real Kafka broker and the MongoDB stand-in. */
// Tests switch tracing off unless asked: the records' traceparent is what this test is about.
@AutoConfigureObservability(metrics = false)
@SpringBootTest(classes = OrderCommandApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {OrderCommandApplication.CONFIG_NAME, "orders.saga.payment-timeout=10m",
                // Every trace recorded: the test follows one across the bridge.
                "management.tracing.sampling.probability=1.0"})
class KafkaBridgeIT {

    private static final Path KAFKA_LOGS = temporaryDirectory("bridge-it-kafka");
    private static final EmbeddedMongo MONGO = EmbeddedMongo.start();
    private static final EmbeddedAxonServer AXON_SERVER = EmbeddedAxonServer.start(temporaryDirectory("bridge-it-axonserver"));
    private static EmbeddedKafka kafka = EmbeddedKafka.start(EmbeddedKafka.Options.persistentIn(KAFKA_LOGS));
    private static final int KAFKA_PORT = kafka.port();
    private static final String BOOTSTRAP_SERVERS = kafka.bootstrapServers();
    private static final ObjectMapper JSON = new ObjectMapper();

    @Autowired
    private Tracer tracer;
    @Autowired
    CommandGateway commands;
    @Autowired
    EventGateway events;
    @Autowired
    EventStore eventStore;
    @Autowired
    ApplicationContext context;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        registry.add("spring.data.mongodb.uri", () -> MONGO.connectionString() + "/orders-command");
        registry.add("axon.axonserver.servers", AXON_SERVER::servers);
        registry.add("axon.kafka.bootstrap-servers", () -> BOOTSTRAP_SERVERS);
    }

    @AfterAll
    static void stopInfrastructure() {
        kafka.close();
        AXON_SERVER.close();
        MONGO.close();
    }

    @Test
    void publishesOrderEventsKeyedByOrderIdWithTheirJsonPayloadAndAxonHeaders() {
        OrderId order = OrderId.generate();
        commands.sendAndWait(placeOrder(order));
        commands.sendAndWait(new ConfirmOrderCommand(order));

        try (KafkaRecords records = new KafkaRecords(BOOTSTRAP_SERVERS)) {
            List<ConsumerRecord<String, byte[]>> published = records.await(KafkaRecords.keyed(order.value()), 2, Duration.ofSeconds(20));

            ConsumerRecord<String, byte[]> placed = published.get(0);
            ConsumerRecord<String, byte[]> confirmed = published.get(1);
            assertThat(placed.topic()).isEqualTo(KafkaRecords.ORDERS);
            assertThat(confirmed.topic()).isEqualTo(KafkaRecords.ORDERS);
            assertThat(confirmed.partition()).isEqualTo(placed.partition());
            assertThat(confirmed.offset()).isGreaterThan(placed.offset());
            assertThat(KafkaRecords.text(placed, "axon-message-type")).isEqualTo("org.orderplatform.api.order.OrderPlacedEvent");
            assertThat(KafkaRecords.text(confirmed, "axon-message-type")).isEqualTo("org.orderplatform.api.order.OrderConfirmedEvent");
            assertThat(KafkaRecords.text(placed, "axon-message-aggregate-id")).isEqualTo(order.value());
            assertThat(KafkaRecords.number(placed, "axon-message-aggregate-seq")).isZero();
            assertThat(KafkaRecords.number(confirmed, "axon-message-aggregate-seq")).isEqualTo(1L);
            assertThat(placed.headers().lastHeader("axon-message-revision")).isNotNull();
            assertThat(KafkaRecords.text(placed, "axon-message-id")).isEqualTo(
                    eventStore.readEvents(order.value()).asStream().findFirst().orElseThrow().getIdentifier());
            assertThat(json(placed)).isEqualTo(json("""
                    {"orderId":"%s","customerId":"customer-7","customerEmail":"ada@example.com",
                     "lines":[{"productId":"product-mug","quantity":2,"unitPrice":{"amount":"29.90","currency":"EUR"}}],
                     "total":{"amount":"59.80","currency":"EUR"},"paymentToken":"tok_visa"}
                    """.formatted(order.value())));
        }
    }

    @Test
    void publishesStockAndPaymentEventsToTheirContextsTopicsInTheTraceOfTheEvent() {
        OrderId order = OrderId.generate();
        // Published within a span, as a command handler publishes: Axon writes its context into the metadata.
        Span publisher = tracer.nextSpan().name("publisher").start();
        try (Tracer.SpanInScope ignored = tracer.withSpan(publisher)) {
            events.publish(new StockReservedEvent(order, List.of(new StockLine(new ProductId("product-mug"), 2))));
        } finally {
            publisher.end();
        }
        events.publish(new PaymentRefundedEvent(PaymentId.forOrder(order), order, Money.of("59.80", "EUR")));

        try (KafkaRecords records = new KafkaRecords(BOOTSTRAP_SERVERS)) {
            Map<String, ConsumerRecord<String, byte[]>> byTopic = records.await(KafkaRecords.keyed(order.value()), 2, Duration.ofSeconds(20))
                    .stream().collect(Collectors.toMap(ConsumerRecord::topic, Function.identity()));

            ConsumerRecord<String, byte[]> reserved = byTopic.get(KafkaRecords.STOCK);
            // The same trace, one span further down: the bridge's producer span, below its handler's.
            String[] published = KafkaRecords.text(reserved, "traceparent").split("-");
            assertThat(published[1]).isEqualTo(publisher.context().traceId());
            assertThat(published[2]).hasSize(16).isNotEqualTo(publisher.context().spanId());
            assertThat(published[3]).isEqualTo("01");
            assertThat(json(reserved)).isEqualTo(json("""
                    {"orderId":"%s","lines":[{"productId":"product-mug","quantity":2}]}""".formatted(order.value())));
            ConsumerRecord<String, byte[]> refunded = byTopic.get(KafkaRecords.PAYMENTS);
            assertThat(KafkaRecords.text(refunded, "axon-message-type")).isEqualTo("org.orderplatform.api.payment.PaymentRefundedEvent");
            // An event published without a trace starts one.
            assertThat(KafkaRecords.text(refunded, "traceparent")).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]")
                    .doesNotContain(publisher.context().traceId());
        }
    }

    @Test
    void publishesThroughAPooledStreamingProcessorWithItsTokenInMongoDbAndNoAxonKafkaConsumer() {
        var processor = context.getBean(EventProcessingConfiguration.class).eventProcessor("KafkaBridgeProcessor");

        assertThat(processor).containsInstanceOf(PooledStreamingEventProcessor.class);
        // Written last, after the batch's sends: a crash in between publishes the batch again rather than losing it.
        assertThat(context.getBean(TokenStore.class)).isInstanceOf(AtLeastOnceTokenStore.class);
        assertThat(context.getBean(MongoTemplate.class).trackingTokensCollection()
                .countDocuments(Filters.eq("processorName", "KafkaBridgeProcessor"))).isPositive();
        assertThat(context.getBeansOfType(Fetcher.class)).isEmpty();
        assertThat(context.getBeansOfType(ConsumerFactory.class)).isEmpty();
    }

    @Test
    void theBridgeAndTheSagaProcessorPropagateHandlerErrorsSoTheirBatchIsRetriedNotSkipped() {
        var processing = context.getBean(EventProcessingConfiguration.class);

        // The bridge by Axon's Kafka extension, the saga by order-command's own configuration.
        assertThat(processing.eventProcessor("OrderSagaProcessor")).containsInstanceOf(PooledStreamingEventProcessor.class);
        assertThat(processing.listenerInvocationErrorHandler("OrderSagaProcessor"))
                .isInstanceOf(PropagatingErrorHandler.class);
        assertThat(processing.listenerInvocationErrorHandler("KafkaBridgeProcessor"))
                .isInstanceOf(PropagatingErrorHandler.class);
    }

    @Test
    void kafkaOutageLosesNothingOnceTheBrokerReturns() {
        List<OrderId> orders = IntStream.range(0, 5).mapToObj(i -> OrderId.generate()).toList();
        kafka.close();
        try {
            orders.forEach(order -> commands.sendAndWait(placeOrder(order)));
        } finally {
            kafka = EmbeddedKafka.start(EmbeddedKafka.Options.persistentIn(KAFKA_LOGS).withPort(KAFKA_PORT));
        }

        try (KafkaRecords records = new KafkaRecords(BOOTSTRAP_SERVERS)) {
            for (OrderId order : orders) {
                records.await(KafkaRecords.keyed(order.value()), 1, Duration.ofSeconds(60));
            }
            for (OrderId order : orders) {
                assertThat(records.settled(KafkaRecords.keyed(order.value()))).hasSize(1);
            }
        }
    }

    @Test
    void aSecondInstancePublishesNothingTwice() {
        var second = new SpringApplicationBuilder(OrderCommandApplication.class, SecondNode.class)
                .properties(OrderCommandApplication.CONFIG_NAME)
                .run("--server.port=0",
                        "--axon.axonserver.client-id=order-command-second",
                        "--spring.data.mongodb.uri=" + MONGO.connectionString() + "/orders-command",
                        "--axon.axonserver.servers=" + AXON_SERVER.servers(),
                        "--axon.kafka.bootstrap-servers=" + BOOTSTRAP_SERVERS,
                        "--orders.saga.payment-timeout=10m");
        try {
            String batch = "batch-" + UUID.randomUUID();
            List<OrderId> orders = IntStream.range(0, 30).mapToObj(i -> new OrderId(batch + "-" + i)).toList();
            orders.forEach(order -> events.publish(new StockReservedEvent(order, List.of(new StockLine(new ProductId("mug"), 1)))));

            try (KafkaRecords records = new KafkaRecords(BOOTSTRAP_SERVERS)) {
                records.await(record -> record.key().startsWith(batch), orders.size(), Duration.ofSeconds(30));
                List<ConsumerRecord<String, byte[]>> published = records.settled(record -> record.key().startsWith(batch));
                assertThat(published).extracting(ConsumerRecord::key)
                        .containsExactlyInAnyOrderElementsOf(orders.stream().map(OrderId::value).toList());
            }
        } finally {
            second.close();
        }
    }

    /**
     * Two instances in one JVM share the JVM's name, which is the default owner of token claims and the client id at
     * the Axon server; separate deployments differ in both. The second instance gets its own, as it would.
     */
    @Configuration(proxyBeanMethods = false)
    static class SecondNode {

        @Bean
        TokenStore tokenStore(MongoTemplate axonMongoTemplate, TransactionManager transactionManager, Serializer serializer) {
            return MongoTokenStore.builder()
                    .mongoTemplate(axonMongoTemplate)
                    .transactionManager(transactionManager)
                    .serializer(serializer)
                    .nodeId("order-command-second")
                    .build();
        }
    }

    private static PlaceOrderCommand placeOrder(OrderId order) {
        return new PlaceOrderCommand(order, new CustomerId("customer-7"), "ada@example.com",
                List.of(new OrderLine(new ProductId("product-mug"), 2, Money.of("29.90", "EUR"))), "tok_visa");
    }

    private static JsonNode json(ConsumerRecord<String, byte[]> record) {
        return json(KafkaRecords.value(record));
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path temporaryDirectory(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
