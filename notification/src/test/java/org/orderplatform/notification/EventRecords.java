package org.orderplatform.notification;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;

/** Writes records as the order platform's Kafka bridge does: the event's JSON as value, Axon's headers, the order id as key. */
final class EventRecords implements AutoCloseable {

    static final String ORDERS = "orders.order-events";
    static final String PAYMENTS = "orders.payment-events";
    static final String DEAD_LETTERS = "notification.dead-letters";

    private final KafkaProducer<String, byte[]> producer;

    EventRecords(String bootstrapServers) {
        this.producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class));
    }

    record Event(String topic, String orderId, String eventId, String type, String json) {
    }

    static Event placed(String orderId, String customerId, String email) {
        return new Event(ORDERS, orderId, UUID.randomUUID().toString(), "org.orderplatform.api.order.OrderPlacedEvent", """
                {"orderId":"%s","customerId":"%s","customerEmail":"%s",
                 "lines":[{"productId":"mug<b>","quantity":2,"unitPrice":{"amount":"29.90","currency":"EUR"}},
                          {"productId":"tea","quantity":1,"unitPrice":{"amount":"9.90","currency":"EUR"}}],
                 "total":{"amount":"69.70","currency":"EUR"},"paymentToken":"tok_visa"}
                """.formatted(orderId, customerId, email));
    }

    static Event confirmed(String orderId) {
        return new Event(ORDERS, orderId, UUID.randomUUID().toString(), "org.orderplatform.api.order.OrderConfirmedEvent",
                "{\"orderId\":\"%s\"}".formatted(orderId));
    }

    static Event cancelled(String orderId, String reason) {
        return new Event(ORDERS, orderId, UUID.randomUUID().toString(), "org.orderplatform.api.order.OrderCancelledEvent",
                "{\"orderId\":\"%s\",\"reason\":\"%s\"}".formatted(orderId, reason));
    }

    static Event refunded(String orderId) {
        return new Event(PAYMENTS, orderId, UUID.randomUUID().toString(), "org.orderplatform.api.payment.PaymentRefundedEvent",
                "{\"paymentId\":\"payment-%s\",\"orderId\":\"%s\",\"amount\":{\"amount\":\"69.70\",\"currency\":\"EUR\"}}"
                        .formatted(orderId, orderId));
    }

    static Event completed(String orderId) {
        return new Event(PAYMENTS, orderId, UUID.randomUUID().toString(), "org.orderplatform.api.payment.PaymentCompletedEvent",
                "{\"paymentId\":\"payment-%s\",\"orderId\":\"%s\",\"amount\":{\"amount\":\"69.70\",\"currency\":\"EUR\"},\"providerReference\":\"charge-1\"}"
                        .formatted(orderId, orderId));
    }

    void send(Event... events) {
        for (Event event : events) {
            send(event.topic(), event.orderId(), event.eventId(), event.type(), event.json().getBytes(StandardCharsets.UTF_8));
        }
    }

    void send(String topic, String key, String eventId, String type, byte[] value) {
        var record = new ProducerRecord<>(topic, null, key, value, List.of(
                new RecordHeader("axon-message-id", eventId.getBytes(StandardCharsets.UTF_8)),
                new RecordHeader("axon-message-type", type.getBytes(StandardCharsets.UTF_8)),
                new RecordHeader("axon-message-timestamp",
                        ByteBuffer.allocate(Long.BYTES).putLong(System.currentTimeMillis()).array())));
        send(record);
    }

    /** A record as it is, such as one that another writer put on the dead-letter topic. */
    void send(ProducerRecord<String, byte[]> record) {
        try {
            producer.send(record).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot produce to " + record.topic(), e);
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
