package org.orderplatform.payment.query;

import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class PaymentViewProcessing {

    /**
     * A view update that fails (MongoDB away, say) fails its batch, which the processor retries from its last token,
     * instead of being logged and skipped, which would leave a paid order without its payment for good.
     */
    @Bean
    ConfigurerModule paymentViewRetriedOnFailure() {
        return configurer -> configurer.eventProcessing().registerListenerInvocationErrorHandler(
                PaymentProjection.PROCESSOR, configuration -> PropagatingErrorHandler.instance());
    }
}
