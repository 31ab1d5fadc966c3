package org.orderplatform.catalog.stock;

import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class StockSalesProcessing {

    /**
     * A sale that fails (MongoDB away, say) fails its batch, which the processor retries from its last token, instead
     * of being logged and skipped, which would leave the order's stock held for good.
     */
    @Bean
    ConfigurerModule stockSalesRetriedOnFailure() {
        return configurer -> configurer.eventProcessing().registerListenerInvocationErrorHandler(StockSales.PROCESSOR,
                configuration -> PropagatingErrorHandler.instance());
    }
}
