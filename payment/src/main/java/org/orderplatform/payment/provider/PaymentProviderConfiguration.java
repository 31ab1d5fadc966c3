package org.orderplatform.payment.provider;

import io.github.resilience4j.retry.RetryRegistry;
import io.github.resilience4j.timelimiter.TimeLimiterRegistry;
import io.micrometer.observation.ObservationRegistry;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(PaymentProviderConfiguration.ProviderSettings.class)
class PaymentProviderConfiguration {

    static final String RESILIENCE_NAME = "payment-provider";

    /**
     * @param latency how long the simulated provider takes to answer each call
     */
    @ConfigurationProperties("payment.provider")
    record ProviderSettings(@DefaultValue("0ms") Duration latency) {
    }

    @Bean(destroyMethod = "shutdownNow")
    ExecutorService providerCalls() {
        var threads = new CustomizableThreadFactory("payment-provider-");
        threads.setDaemon(true);
        return Executors.newCachedThreadPool(threads);
    }

    @Bean
    SimulatedPaymentProvider simulatedPaymentProvider(ProviderSettings settings) {
        return new SimulatedPaymentProvider(settings.latency());
    }

    // Primary: what the Payment aggregate is given; every call goes through the guards.
    @Bean
    @Primary
    PaymentProvider paymentProvider(SimulatedPaymentProvider provider, RetryRegistry retries,
                                    TimeLimiterRegistry timeLimiters, ExecutorService providerCalls,
                                    ObservationRegistry observations) {
        return new ResilientPaymentProvider(provider, retries.retry(RESILIENCE_NAME),
                timeLimiters.timeLimiter(RESILIENCE_NAME), providerCalls, observations);
    }
}
