package org.orderplatform.order.kafka;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.extensions.kafka.eventhandling.DefaultKafkaMessageConverter;
import org.axonframework.extensions.kafka.eventhandling.KafkaMessageConverter;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * axon-kafka's record format (the event's serialized payload as value, identifier, type, revision, timestamp, aggregate
 * id and sequence and metadata in {@code axon-*} headers), keyed by order id, plus the W3C {@code traceparent} header
 * that tracing-aware consumers look for, when the event's metadata carries one.
 */
final class OrderEventRecordConverter implements KafkaMessageConverter<String, byte[]> {

    static final String TRACEPARENT = "traceparent";

    private final DefaultKafkaMessageConverter axonFormat;

    OrderEventRecordConverter(DefaultKafkaMessageConverter axonFormat) {
        this.axonFormat = axonFormat;
    }

    @Override
    public ProducerRecord<String, byte[]> createKafkaMessage(EventMessage<?> event, String topic) {
        ProducerRecord<String, byte[]> record = axonFormat.createKafkaMessage(event, topic);
        Object traceparent = event.getMetaData().get(TRACEPARENT);
        if (traceparent != null) {
            record.headers().add(TRACEPARENT, traceparent.toString().getBytes(StandardCharsets.UTF_8));
        }
        return record;
    }

    @Override
    public Optional<EventMessage<?>> readKafkaMessage(ConsumerRecord<String, byte[]> record) {
        return axonFormat.readKafkaMessage(record);
    }
}
