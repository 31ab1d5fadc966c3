package org.orderplatform.notification.inbound;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.orderplatform.api.order.OrderCancelledEvent;
import org.orderplatform.api.order.OrderConfirmedEvent;
import org.orderplatform.api.order.OrderPlacedEvent;
import org.orderplatform.api.order.OrderRejectedEvent;
import org.orderplatform.api.payment.PaymentCompletedEvent;
import org.orderplatform.api.payment.PaymentExpiredEvent;
import org.orderplatform.api.payment.PaymentFailedEvent;
import org.orderplatform.api.payment.PaymentRefundedEvent;
import org.springframework.stereotype.Component;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Reads the bridge's records: the event's JSON payload as value, its identifier, type and time in Axon's headers.
 * Every event type of the consumed topics is known here, also those that lead to no email, so that a record of
 * another type or with a payload its record refuses is recognised as poison.
 */
@Component
public class PublishedEvents {

    public static final String EVENT_ID_HEADER = "axon-message-id";
    public static final String EVENT_TYPE_HEADER = "axon-message-type";
    public static final String EVENT_TIMESTAMP_HEADER = "axon-message-timestamp";

    private static final Map<String, Class<?>> KNOWN_TYPES = Stream.of(
                    OrderPlacedEvent.class, OrderConfirmedEvent.class, OrderRejectedEvent.class, OrderCancelledEvent.class,
                    PaymentCompletedEvent.class, PaymentFailedEvent.class, PaymentExpiredEvent.class,
                    PaymentRefundedEvent.class)
            .collect(Collectors.toUnmodifiableMap(Class::getName, Function.identity()));

    private final ObjectMapper json;

    PublishedEvents(ObjectMapper json) {
        this.json = json;
    }

    public PublishedEvent read(ConsumerRecord<String, byte[]> record) {
        String eventId = requiredText(record, EVENT_ID_HEADER);
        String type = requiredText(record, EVENT_TYPE_HEADER);
        Instant occurredAt = timestamp(record);
        if (record.value() == null) {
            throw new PoisonMessageException("event " + eventId + " of type " + type + " has no payload");
        }
        return new PublishedEvent(eventId, type, occurredAt, payload(type, new String(record.value(), StandardCharsets.UTF_8)));
    }

    /** The payload of a stored event, read as when it arrived. */
    public Object payload(String type, String payloadJson) {
        Class<?> eventClass = KNOWN_TYPES.get(type);
        if (eventClass == null) {
            throw new PoisonMessageException("unknown event type '" + type + "'");
        }
        try {
            return json.readValue(payloadJson, eventClass);
        } catch (JsonProcessingException e) {
            throw new PoisonMessageException("malformed " + eventClass.getSimpleName() + ": " + e.getOriginalMessage(), e);
        }
    }

    public String payloadJson(Object payload) {
        try {
            return json.writeValueAsString(payload);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + payload.getClass().getSimpleName() + " as JSON", e);
        }
    }

    private static String requiredText(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        if (header == null || header.value() == null || header.value().length == 0) {
            throw new PoisonMessageException("header " + name + " is missing");
        }
        return new String(header.value(), StandardCharsets.UTF_8);
    }

    /** Axon writes the timestamp as 8 bytes, milliseconds since the epoch; without it the record's time stands in. */
    private static Instant timestamp(ConsumerRecord<?, ?> record) {
        Header header = record.headers().lastHeader(EVENT_TIMESTAMP_HEADER);
        if (header == null || header.value() == null || header.value().length != Long.BYTES) {
            return Instant.ofEpochMilli(record.timestamp());
        }
        return Instant.ofEpochMilli(ByteBuffer.wrap(header.value()).getLong());
    }
}
