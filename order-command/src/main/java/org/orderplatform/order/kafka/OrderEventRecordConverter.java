package org.orderplatform.order.kafka;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.extensions.kafka.eventhandling.DefaultKafkaMessageConverter;
import org.axonframework.extensions.kafka.eventhandling.KafkaMessageConverter;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * axon-kafka's record format (the event's serialized payload as value, identifier, type, revision, timestamp, aggregate
 * id and sequence and metadata in {@code axon-*} headers), keyed by order id, plus the W3C {@code traceparent} header
 * that tracing-aware consumers look for. The record is made in a producer span of its own, a child of the span that
 * handles the event in the bridge, which continues the trace the event's metadata names; the header names that
 * producer span, so a consumer's span hangs below it.
 */
final class OrderEventRecordConverter implements KafkaMessageConverter<String, byte[]> {

    private static final Propagator.Setter<Headers> HEADERS =
            (headers, name, value) -> headers.remove(name).add(name, value.getBytes(StandardCharsets.UTF_8));

    private final DefaultKafkaMessageConverter axonFormat;
    private final Tracer tracer;
    private final Propagator propagator;

    OrderEventRecordConverter(DefaultKafkaMessageConverter axonFormat, Tracer tracer, Propagator propagator) {
        this.axonFormat = axonFormat;
        this.tracer = tracer;
        this.propagator = propagator;
    }

    @Override
    public ProducerRecord<String, byte[]> createKafkaMessage(EventMessage<?> event, String topic) {
        ProducerRecord<String, byte[]> record = axonFormat.createKafkaMessage(event, topic);
        // A child of the current span, the bridge's handling of the event.
        Span publish = tracer.spanBuilder().name(topic + " publish").kind(Span.Kind.PRODUCER)
                .remoteServiceName("kafka")
                .tag("messaging.system", "kafka")
                .tag("messaging.destination.name", topic)
                .tag("messaging.kafka.message.key", record.key() == null ? "" : record.key())
                .start();
        try {
            propagator.inject(publish.context(), record.headers(), HEADERS);
        } finally {
            publish.end();
        }
        return record;
    }

    @Override
    public Optional<EventMessage<?>> readKafkaMessage(ConsumerRecord<String, byte[]> record) {
        return axonFormat.readKafkaMessage(record);
    }
}
