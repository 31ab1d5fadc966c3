package org.orderplatform.order.catalog;

import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.retry.RetryRegistry;
import io.github.resilience4j.timelimiter.TimeLimiterRegistry;
import io.micrometer.context.ContextExecutorService;
import io.micrometer.context.ContextSnapshotFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;
import org.springframework.web.client.RestClient;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

@Configuration(proxyBeanMethods = false)
class CatalogClientConfiguration {

    static final String RESILIENCE_NAME = "catalog";

    @Bean(destroyMethod = "shutdownNow")
    ExecutorService catalogCalls() {
        var threads = new CustomizableThreadFactory("catalog-call-");
        threads.setDaemon(true);
        // The call runs here under the time limit, with the trace of the request it is for.
        return ContextExecutorService.wrap(Executors.newCachedThreadPool(threads), ContextSnapshotFactory.builder().build());
    }

    @Bean
    CatalogClient catalogClient(@Value("${orders.catalog.url}") String url,
                                @Value("${orders.catalog.connect-timeout:500ms}") Duration connectTimeout,
                                CircuitBreakerRegistry breakers, RetryRegistry retries, TimeLimiterRegistry timeLimiters,
                                BulkheadRegistry bulkheads, ExecutorService catalogCalls, RestClient.Builder http) {
        var requests = new SimpleClientHttpRequestFactory();
        requests.setConnectTimeout(connectTimeout);
        // Boot's builder, so the quote is a client span and carries the trace to the catalog.
        RestClient catalog = http.clone().baseUrl(url).requestFactory(requests).build();
        return new CatalogClient(catalog, breakers.circuitBreaker(RESILIENCE_NAME), retries.retry(RESILIENCE_NAME),
                timeLimiters.timeLimiter(RESILIENCE_NAME), bulkheads.bulkhead(RESILIENCE_NAME), catalogCalls);
    }
}
