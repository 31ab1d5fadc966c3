package org.orderplatform.notification.inbound;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * @param topics      what is consumed and where unhandleable records go
 * @param replication of the dead-letter topic, when notification creates it; empty when nothing is configured
 * @param retry       how failed records are retried
 */
@ConfigurationProperties("notification")
public record ConsumerSettings(Topics topics, @DefaultValue Replication replication, Retry retry) {

    public record Topics(String orders, String payments, String deadLetter) {
    }

    /**
     * @param factor            the topic's replicas; null for the broker's default
     * @param minInsyncReplicas the topic's {@code min.insync.replicas}; null for the broker's default
     */
    public record Replication(Integer factor, Integer minInsyncReplicas) {
    }

    /**
     * @param transientInitialInterval first wait after a failure of SMTP or MongoDB, doubled up to the maximum
     * @param transientMaxInterval     longest wait between attempts; such failures are retried without end
     * @param otherAttempts            attempts for any other failure before the record is dead-lettered
     * @param otherInterval            wait between those attempts
     */
    public record Retry(Duration transientInitialInterval, Duration transientMaxInterval,
                        int otherAttempts, Duration otherInterval) {
    }
}
