package org.orderplatform.order.query.view;

import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class ViewConfiguration {

    /**
     * A failing write fails the batch, which the processor retries from its last token, instead of being logged and
     * skipped while the token moves on.
     */
    @Bean
    ConfigurerModule orderViewProcessing() {
        return configurer -> configurer.eventProcessing()
                .registerHandlerInterceptor(OrderViewDefinition.PROCESSOR, configuration -> new FlushAtEndOfBatch())
                .registerListenerInvocationErrorHandler(OrderViewDefinition.PROCESSOR,
                        configuration -> PropagatingErrorHandler.instance());
    }
}
