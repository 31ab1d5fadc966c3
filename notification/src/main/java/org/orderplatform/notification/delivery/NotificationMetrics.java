package org.orderplatform.notification.delivery;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.orderplatform.notification.email.EmailKind;
import org.springframework.stereotype.Component;

import java.time.Duration;

/**
 * Counts what happens to consumed events. Consumer lag comes from the Kafka client's own metrics
 * ({@code kafka_consumer_fetch_manager_records_lag}), which Spring Boot binds to the registry.
 */
@Component
public class NotificationMetrics {

    private final MeterRegistry registry;
    private final Counter deduplicated;
    private final Counter deferred;

    NotificationMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.deduplicated = Counter.builder("notification.events.deduplicated")
                .description("Events whose email was already sent or skipped").register(registry);
        this.deferred = Counter.builder("notification.events.deferred")
                .description("Events kept until their order is known").register(registry);
    }

    public void consumed(String topic) {
        Counter.builder("notification.events.consumed").description("Records taken from the topics")
                .tag("topic", topic).register(registry).increment();
    }

    /** @param delay from the fact to its email accepted by the SMTP server */
    void sent(EmailKind kind, Duration delay) {
        Counter.builder("notification.emails.sent").description("Emails accepted by the SMTP server")
                .tag("kind", kind.name()).register(registry).increment();
        Timer.builder("notification.emails.delay").description("From the fact to its email accepted by the SMTP server")
                .tag("kind", kind.name())
                .publishPercentileHistogram()
                .maximumExpectedValue(Duration.ofMinutes(10))
                .register(registry)
                .record(delay.isNegative() ? Duration.ZERO : delay);
    }

    void skipped(EmailKind kind) {
        Counter.builder("notification.emails.skipped").description("Emails not sent because the customer switched them off")
                .tag("kind", kind.name()).register(registry).increment();
    }

    void deduplicated() {
        deduplicated.increment();
    }

    void deferred() {
        deferred.increment();
    }

    public void deadLettered(String topic, Throwable reason) {
        Counter.builder("notification.events.dead.lettered").description("Records sent to the dead-letter topic")
                .tag("topic", topic).tag("reason", reason.getClass().getSimpleName()).register(registry).increment();
    }
}
