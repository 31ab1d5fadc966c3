package org.orderplatform.support.deadletter;

import org.axonframework.config.ConfigurerModule;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.extensions.mongo.MongoTemplate;
import org.axonframework.extensions.mongo.eventhandling.deadletter.MongoSequencedDeadLetterQueue;
import org.axonframework.serialization.Serializer;
import org.orderplatform.support.metrics.SampledGauges;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * A dead-letter queue for each processor a service names ({@link DeadLetteredProcessors}): Axon's MongoDB queue in
 * the service's database (collection {@code deadletters}), sequenced by the processor's sequencing policy (per
 * aggregate by default), with the {@link DeadLetterPolicy}. A reset of the processor's tokens (a replay) empties its
 * queue: the replay handles the parked events again. Without MongoDB transactions the queue writes each letter on its
 * own, as the services write everything else.
 */
@AutoConfiguration(afterName = "org.axonframework.extensions.mongo.springboot.autoconfig.MongoAutoConfiguration")
@ConditionalOnClass({MongoSequencedDeadLetterQueue.class, ConfigurerModule.class})
@ConditionalOnBean(DeadLetteredProcessors.class)
@EnableScheduling
public class DeadLetterAutoConfiguration {

    @Bean
    ConfigurerModule deadLetterQueues(DeadLetteredProcessors processors, MongoTemplate axonMongoTemplate,
                                      @Qualifier("eventSerializer") Serializer serializer,
                                      ObjectProvider<ParkedEventListener> listeners) {
        return configurer -> processors.names().forEach(processor -> configurer.eventProcessing()
                .registerDeadLetterQueue(processor,
                        configuration -> new ParkedEventQueue(processor, axonMongoTemplate, serializer))
                .registerDeadLetterPolicy(processor,
                        configuration -> new DeadLetterPolicy(processor, listeners.orderedStream().toList()))
                // Without the cache every event would ask the queue whether its sequence is parked.
                .registerDeadLetteringEventHandlerInvokerConfiguration(processor,
                        (configuration, invoker) -> invoker.enableSequenceIdentifierCache().allowReset(true)));
    }

    @Bean
    DeadLetters deadLetters(DeadLetteredProcessors processors, EventProcessingConfiguration processing,
                            MongoTemplate axonMongoTemplate, @Qualifier("eventSerializer") Serializer serializer,
                            @Value("${support.dead-letters.max-attempts:5}") int maxAttempts,
                            ObjectProvider<SampledGauges> gauges) {
        DeadLetters deadLetters = new DeadLetters(processors, processing, axonMongoTemplate, serializer, maxAttempts);
        gauges.ifAvailable(sampled -> sampled.gauges("axon.dead.letters",
                "Events parked in the dead-letter queue, by event processor", "processor", processors.names(),
                deadLetters::counts));
        return deadLetters;
    }

    @Bean
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    DeadLetterController deadLetterController(DeadLetters deadLetters) {
        return new DeadLetterController(deadLetters);
    }
}
