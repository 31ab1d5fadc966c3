package org.orderplatform.notification.inbound;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;

/**
 * @param topics what is consumed and where unhandleable records go
 * @param retry  how failed records are retried
 */
@ConfigurationProperties("notification")
public record ConsumerSettings(Topics topics, Retry retry) {

    public record Topics(String orders, String payments, String deadLetter) {
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
