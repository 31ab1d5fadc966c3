package org.orderplatform.order.kafka;

import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.extensions.kafka.KafkaProperties;
import org.axonframework.extensions.kafka.eventhandling.DefaultKafkaMessageConverter;
import org.axonframework.extensions.kafka.eventhandling.KafkaMessageConverter;
import org.axonframework.extensions.kafka.eventhandling.producer.KafkaPublisher;
import org.axonframework.extensions.kafka.eventhandling.producer.ProducerFactory;
import org.axonframework.extensions.kafka.eventhandling.producer.TopicResolver;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The Kafka bridge: axon-kafka's publisher on its own streaming processor, with its token in MongoDB beside the
 * saga's, publishes the order, payment and stock events to one topic per context. The event store stays the source
 * of truth: an event is on Kafka once the broker acknowledged it, and only then does the token move past it.
 * Beans defined here take the place of axon-kafka's defaults of the same type.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "axon.kafka.publisher.enabled", havingValue = "true", matchIfMissing = true)
class KafkaBridgeConfiguration {

    @Bean
    KafkaMessageConverter<String, byte[]> kafkaMessageConverter(@Qualifier("eventSerializer") Serializer eventSerializer,
                                                                org.axonframework.config.Configuration axon,
                                                                Tracer tracer, Propagator propagator) {
        return new OrderEventRecordConverter(DefaultKafkaMessageConverter.builder()
                .serializer(eventSerializer)
                .upcasterChain(axon.upcasterChain())
                .sequencingPolicy(new OrderSequencingPolicy())
                .build(), tracer, propagator);
    }

    @Bean
    TopicResolver topicResolver(KafkaBridgeSettings settings) {
        return event -> PublishedEventTypes.contextOf(event.getPayloadType()).map(settings.topics()::of);
    }

    @Bean
    KafkaTopics kafkaTopics(KafkaProperties kafka, KafkaBridgeSettings settings) {
        return new KafkaTopics(kafka, settings);
    }

    /** Takes the topics as a parameter so that they exist before the processor publishes to them. */
    @Bean(destroyMethod = "shutDown")
    KafkaPublisher<String, byte[]> kafkaPublisher(KafkaTopics topics, @Qualifier("eventSerializer") Serializer eventSerializer,
                                                  ProducerFactory<String, byte[]> axonKafkaProducerFactory,
                                                  KafkaMessageConverter<String, byte[]> kafkaMessageConverter,
                                                  TopicResolver topicResolver, KafkaBridgeSettings settings,
                                                  org.axonframework.config.Configuration axon) {
        return KafkaPublisher.<String, byte[]>builder()
                .serializer(eventSerializer)
                .producerFactory(axonKafkaProducerFactory)
                .messageConverter(kafkaMessageConverter)
                .messageMonitor(axon.messageMonitor(KafkaPublisher.class, "kafkaPublisher"))
                .topicResolver(topicResolver)
                .publisherAckTimeout(settings.ackTimeout().toMillis())
                .build();
    }

    @Autowired
    void publishEachOrderInSequence(EventProcessingConfigurer processing, KafkaProperties kafka) {
        processing.registerSequencingPolicy(kafka.getPublisher().getProcessingGroup(), axon -> new OrderSequencingPolicy());
    }

    /**
     * axon-kafka registers the processor with Axon's defaults (16 segments, batches of one). The coordinator hands
     * every event to every work package, so fewer segments cost less per event; a batch stores its token once.
     */
    @Autowired
    void publishInFewSegmentsAndBatches(EventProcessingConfigurer processing, KafkaProperties kafka,
                                        KafkaBridgeSettings settings) {
        processing.registerPooledStreamingEventProcessorConfiguration(kafka.getPublisher().getProcessingGroup(),
                (axon, processor) -> processor.initialSegmentCount(settings.segments()).batchSize(settings.batchSize()));
    }
}
