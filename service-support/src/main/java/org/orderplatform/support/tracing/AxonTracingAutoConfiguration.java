package org.orderplatform.support.tracing;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.TextMapPropagator;
import org.axonframework.tracing.SpanFactory;
import org.axonframework.tracing.opentelemetry.OpenTelemetrySpanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.opentelemetry.OpenTelemetryAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.tracing.OpenTelemetryTracingAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;

/**
 * Axon's spans (dispatching and handling commands, events, queries, sagas, deadlines) on the OpenTelemetry SDK that
 * Spring Boot sets up for Micrometer Tracing, so that they join the HTTP and Kafka spans of the same request and go
 * to the same backend. Axon's own default would take the global OpenTelemetry instance, which Boot never sets: its
 * spans would be dropped. The context travels in each message's metadata as W3C {@code traceparent}.
 */
@AutoConfiguration(
        after = {OpenTelemetryAutoConfiguration.class, OpenTelemetryTracingAutoConfiguration.class},
        beforeName = "org.axonframework.springboot.autoconfig.OpenTelemetryAutoConfiguration")
@ConditionalOnClass({OpenTelemetrySpanFactory.class, OpenTelemetry.class})
public class AxonTracingAutoConfiguration {

    /** What Axon names as the instrumentation scope of its spans. */
    static final String INSTRUMENTATION_SCOPE = "org.axonframework";

    @Bean
    @ConditionalOnBean(OpenTelemetry.class)
    SpanFactory axonSpanFactory(OpenTelemetry openTelemetry, ObjectProvider<TextMapPropagator> propagators) {
        return OpenTelemetrySpanFactory.builder()
                .tracer(openTelemetry.getTracer(INSTRUMENTATION_SCOPE))
                .contextPropagators(propagators.getIfUnique(W3CTraceContextPropagator::getInstance))
                .build();
    }
}
