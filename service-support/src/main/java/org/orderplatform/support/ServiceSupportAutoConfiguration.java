package org.orderplatform.support;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.common.transaction.TransactionManager;
import org.orderplatform.support.metrics.SampledGauges;
import org.orderplatform.web.ProblemWriter;
import org.orderplatform.web.problem.ProblemResponses;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.actuate.autoconfigure.data.mongo.MongoHealthContributorAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.data.mongo.MongoDataAutoConfiguration;
import org.springframework.boot.autoconfigure.mongo.MongoConnectionDetails;
import org.springframework.boot.autoconfigure.web.servlet.error.ErrorMvcAutoConfiguration;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.util.unit.DataSize;

/** What every service of the suite gets by depending on this module. */
// Before Boot's error page, which stands back for the problem responses' own.
@AutoConfiguration(after = {MongoDataAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class},
        before = {MongoHealthContributorAutoConfiguration.class, ErrorMvcAutoConfiguration.class},
        beforeName = "org.axonframework.extensions.mongo.springboot.autoconfig.MongoAutoConfiguration")
public class ServiceSupportAutoConfiguration {

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    @Import(ProblemResponses.class)
    static class Web {

        @Bean
        ProblemDetailsAdvice problemDetailsAdvice() {
            return new ProblemDetailsAdvice();
        }

        @Bean
        StrictJsonBinding strictJsonBinding() {
            return new StrictJsonBinding();
        }

        @Bean
        FilterRegistrationBean<RequestSizeLimitFilter> requestSizeLimitFilter(
                @Value("${support.max-request-size:1MB}") DataSize maxRequestSize, ObjectMapper json) {
            var registration = new FilterRegistrationBean<>(
                    new RequestSizeLimitFilter(maxRequestSize.toBytes(), new ProblemWriter(json)));
            registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
            return registration;
        }
    }

    /** Gauges sampled in the background, on Spring's scheduler, every {@code support.metrics.sample-interval}. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnBean(MeterRegistry.class)
    @EnableScheduling
    static class Metrics {

        @Bean
        SampledGauges sampledGauges(MeterRegistry registry) {
            return new SampledGauges(registry);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(MongoTemplate.class)
    static class Mongo {

        // Named as Spring Boot's own indicator, which then stands back.
        @Bean(name = "mongoHealthIndicator")
        @ConditionalOnBean(MongoTemplate.class)
        MongoPingHealthIndicator mongoHealthIndicator(MongoTemplate mongo) {
            return new MongoPingHealthIndicator(mongo);
        }

        @Bean
        @ConditionalOnBean(MongoConnectionDetails.class)
        MongoCredentialCustomizer mongoCredentialCustomizer(MongoConnectionDetails connection,
                @Value("${support.mongodb.username:}") String username,
                @Value("${support.mongodb.password:}") String password,
                @Value("${support.mongodb.authentication-database:}") String authenticationDatabase) {
            return new MongoCredentialCustomizer(connection.getConnectionString(), username, password,
                    authenticationDatabase);
        }
    }

    /**
     * Axon's units of work commit without a MongoDB transaction: every write the services make (tokens, sagas,
     * documents) is a single-document atomic update, and not every MongoDB deployment offers transactions. So event
     * processors write their tokens last, and a crash delivers a batch again rather than losing it.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass({TransactionManager.class, MongoTemplate.class})
    static class Axon {

        @Bean
        @ConditionalOnMissingBean(TransactionManager.class)
        TransactionManager axonTransactionManager() {
            return NoTransactionManager.instance();
        }

        @Bean
        static ServiceTokenStores serviceTokenStores() {
            return new ServiceTokenStores();
        }
    }
}
