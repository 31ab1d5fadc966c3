package org.orderplatform.order.kafka;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;

/**
 * @param topics            one topic per bounded context
 * @param partitions        the partitions of each topic the bridge creates; existing topics keep theirs
 * @param replicationFactor the replicas of each topic the bridge creates; null for the broker's default
 * @param minInsyncReplicas the {@code min.insync.replicas} of each topic the bridge creates; null for the broker's
 *                          default
 * @param ackTimeout        how long publishing one event waits for the broker's acknowledgement; longer than the
 *                          producer's {@code delivery.timeout.ms}, so that a timed-out send has really been given up
 *                          by the producer before the event is published again
 * @param segments          the bridge processor's segments when its tokens are first created
 * @param batchSize         the most events a work package publishes before it stores its token
 */
@ConfigurationProperties("orders.kafka")
public record KafkaBridgeSettings(Topics topics, int partitions, Integer replicationFactor, Integer minInsyncReplicas,
                                  Duration ackTimeout, int segments, int batchSize) {

    public record Topics(String orders, String payments, String stock) {

        String of(PublishedEventTypes.Context context) {
            return switch (context) {
                case ORDERS -> orders;
                case PAYMENTS -> payments;
                case STOCK -> stock;
            };
        }
    }
}
