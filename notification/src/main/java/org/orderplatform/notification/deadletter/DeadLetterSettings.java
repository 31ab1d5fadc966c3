package org.orderplatform.notification.deadletter;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;

/**
 * @param brokerTimeout how long the operator API waits on the Kafka broker before it answers {@code 503}
 * @param retryAfter    what that {@code 503} tells the caller to wait
 */
@ConfigurationProperties("notification.dead-letters")
public record DeadLetterSettings(Duration brokerTimeout, Duration retryAfter) {
}
