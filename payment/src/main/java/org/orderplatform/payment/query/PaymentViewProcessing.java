package org.orderplatform.payment.query;

import org.orderplatform.support.deadletter.DeadLetteredProcessors;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class PaymentViewProcessing {

    /**
     * A view update that fails because of the event is parked in the dead-letter queue, with the payment's later
     * events behind it, instead of being logged and skipped, which would leave a paid order without its payment for
     * good; one that fails because MongoDB is away fails its batch, which the processor retries from its last token.
     */
    @Bean
    DeadLetteredProcessors paymentViewDeadLetters() {
        return DeadLetteredProcessors.of(PaymentProjection.PROCESSOR);
    }
}
