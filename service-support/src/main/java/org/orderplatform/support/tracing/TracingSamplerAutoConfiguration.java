package org.orderplatform.support.tracing;

import io.opentelemetry.sdk.trace.samplers.Sampler;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.autoconfigure.tracing.ConditionalOnEnabledTracing;
import org.springframework.boot.actuate.autoconfigure.tracing.OpenTelemetryTracingAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.tracing.TracingProperties;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * The sampler of Spring Boot's OpenTelemetry tracing, made adjustable at {@code /actuator/tracing}: it starts at
 * {@code management.tracing.sampling.probability}, as Boot's own would, which then stands back.
 */
@AutoConfiguration(before = OpenTelemetryTracingAutoConfiguration.class)
@ConditionalOnClass(Sampler.class)
@ConditionalOnEnabledTracing
@EnableConfigurationProperties(TracingProperties.class)
public class TracingSamplerAutoConfiguration {

    @Bean
    AdjustableSampler otelSampler(TracingProperties properties) {
        return new AdjustableSampler(properties.getSampling().getProbability());
    }

    @Bean
    @ConditionalOnAvailableEndpoint
    TracingEndpoint tracingEndpoint(AdjustableSampler sampler) {
        return new TracingEndpoint(sampler);
    }
}
