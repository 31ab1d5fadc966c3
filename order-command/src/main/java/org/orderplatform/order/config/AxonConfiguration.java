package org.orderplatform.order.config;

import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.commandhandling.gateway.ExponentialBackOffIntervalRetryScheduler;
import org.axonframework.commandhandling.gateway.IntervalRetryScheduler;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.ConfigurationScopeAwareProvider;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.serialization.Serializer;
import org.orderplatform.order.command.OrderCommandErrors;
import org.orderplatform.order.deadline.DeadlineSettings;
import org.orderplatform.order.deadline.MongoDeadlineManager;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.data.mongodb.core.MongoTemplate;

import java.time.Clock;
import java.util.concurrent.Executors;

@Configuration(proxyBeanMethods = false)
public class AxonConfiguration {

    public static final String HTTP_COMMAND_GATEWAY = "httpCommandGateway";
    /** The order saga's processing group, as Axon names it after the saga. */
    static final String ORDER_SAGA_PROCESSOR = "OrderSagaProcessor";

    /** The time deadlines are scheduled in, and the saga's steps measured by. */
    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    MongoDeadlineManager deadlineManager(MongoTemplate mongo, org.axonframework.config.Configuration axon,
                                    @Qualifier("eventSerializer") Serializer serializer, TransactionManager transactionManager,
                                    DeadlineSettings settings, Clock clock) {
        return new MongoDeadlineManager(mongo, new ConfigurationScopeAwareProvider(axon), serializer, transactionManager,
                settings.pollInterval(), settings.lease(), clock);
    }

    /**
     * The gateway the saga is given: its commands are retried at once, with back-off over a few seconds, when they
     * fail for a passing reason. Longer outages, and a restart of this service, are the saga's step deadline's to
     * bridge: it keeps sending what is unanswered.
     */
    @Bean
    @Primary
    CommandGateway commandGateway(CommandBus commandBus) {
        var backOff = ExponentialBackOffIntervalRetryScheduler.builder()
                .retryExecutor(Executors.newSingleThreadScheduledExecutor())
                .backoffFactor(200)
                .maxRetryCount(4)
                .build();
        return DefaultCommandGateway.builder()
                .commandBus(commandBus)
                .retryScheduler(new PassingFailuresRetryScheduler(backOff))
                .build();
    }

    /**
     * The gateway of the HTTP API: a command that did not reach a handler (one going away, say) is tried again
     * twice at once, which is safe because placing and cancelling are idempotent; anything else is answered.
     */
    @Bean(HTTP_COMMAND_GATEWAY)
    CommandGateway httpCommandGateway(CommandBus commandBus) {
        var quickly = IntervalRetryScheduler.builder()
                .retryExecutor(Executors.newSingleThreadScheduledExecutor())
                .retryInterval(100)
                .maxRetryCount(2)
                .build();
        return DefaultCommandGateway.builder()
                .commandBus(commandBus)
                .retryScheduler(new PassingFailuresRetryScheduler(quickly))
                .build();
    }

    /**
     * A saga handler that fails fails its batch, which the processor retries from its token, instead of being logged
     * and skipped, which would leave the order stuck for good. Axon's dead-letter queues do not cover sagas; while
     * the handler fails the saga stays in its step, its age growing in {@code /admin/sagas} and in
     * {@code orders_sagas_oldest_age_seconds}. Static, because the configurer it joins is built before this class,
     * which takes the command bus.
     */
    @Bean
    static ConfigurerModule orderSagaErrorsPropagate() {
        return propagatingErrors(ORDER_SAGA_PROCESSOR);
    }

    static ConfigurerModule propagatingErrors(String processingGroup) {
        return configurer -> configurer.eventProcessing().registerListenerInvocationErrorHandler(processingGroup,
                configuration -> PropagatingErrorHandler.instance());
    }

    @Autowired
    void translateOrderErrors(CommandBus commandBus) {
        commandBus.registerHandlerInterceptor(new OrderCommandErrors());
    }
}
