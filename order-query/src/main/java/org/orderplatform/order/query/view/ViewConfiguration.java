package org.orderplatform.order.query.view;

import org.axonframework.config.ConfigurerModule;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.orderplatform.support.deadletter.DeadLetteredProcessors;
import org.orderplatform.support.deadletter.ParkedEventListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class ViewConfiguration {

    @Bean
    ConfigurerModule orderViewProcessing() {
        return configurer -> configurer.eventProcessing()
                .registerHandlerInterceptor(OrderViewDefinition.PROCESSOR, configuration -> new FlushAtEndOfBatch());
    }

    /**
     * An event that cannot be projected is parked in the dead-letter queue, and the order's later events wait
     * behind it, while the processor moves on with the other orders; an outage still fails the batch, which the
     * processor retries from its last token.
     */
    @Bean
    DeadLetteredProcessors orderViewDeadLetters() {
        return DeadLetteredProcessors.of(OrderViewDefinition.PROCESSOR);
    }

    /** A parked event's change, buffered for the end of its batch, is dropped: the view shows it once it is handled. */
    @Bean
    ParkedEventListener parkedOrderChangesDropped() {
        return (processor, event) -> {
            if (OrderViewDefinition.PROCESSOR.equals(processor) && CurrentUnitOfWork.isStarted()) {
                PendingWrites.discard(CurrentUnitOfWork.get(), event.getIdentifier());
            }
        };
    }
}
