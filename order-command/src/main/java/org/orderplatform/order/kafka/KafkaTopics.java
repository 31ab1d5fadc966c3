package org.orderplatform.order.kafka;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.axonframework.extensions.kafka.KafkaProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Creates the bridge's topics with the configured number of partitions when they do not exist yet, so that
 * consumers can spread an ordered stream per order over several threads, and with the configured replication, so
 * that a topic the bridge had to create survives a broker as the ones created beforehand do. Existing topics are left
 * as they are; when the broker cannot be reached, the bridge still starts and a broker with automatic topic creation makes them
 * on first use. It runs before the bridge's processor starts, and waits a few seconds at most.
 */
class KafkaTopics implements InitializingBean {

    private static final int TIMEOUT_MILLIS = 3_000;

    private static final Logger logger = LoggerFactory.getLogger(KafkaTopics.class);

    private final KafkaProperties kafka;
    private final KafkaBridgeSettings settings;

    KafkaTopics(KafkaProperties kafka, KafkaBridgeSettings settings) {
        this.kafka = kafka;
        this.settings = settings;
    }

    @Override
    public void afterPropertiesSet() {
        Map<String, Object> adminSettings = Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, String.join(",", kafka.getBootstrapServers()),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, TIMEOUT_MILLIS,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, TIMEOUT_MILLIS);
        try (Admin admin = Admin.create(adminSettings)) {
            for (var creation : admin.createTopics(topics()).values().entrySet()) {
                try {
                    creation.getValue().get(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        logger.warn("Cannot create topic {} with {}: {}", creation.getKey(), replication(),
                                e.getCause().getMessage());
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (TimeoutException | RuntimeException e) {
            logger.warn("Cannot create the bridge's topics now: {}", e.getMessage());
        }
    }

    /** The topics as the bridge wants them created: partitions, and replication when configured. */
    List<NewTopic> topics() {
        Map<String, String> configs = settings.minInsyncReplicas() == null ? Map.of()
                : Map.of(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, settings.minInsyncReplicas().toString());
        return Arrays.stream(PublishedEventTypes.Context.values())
                .map(settings.topics()::of)
                .map(name -> new NewTopic(name, Optional.of(settings.partitions()),
                        Optional.ofNullable(settings.replicationFactor()).map(Integer::shortValue)).configs(configs))
                .toList();
    }

    private String replication() {
        return "replication factor " + orBrokerDefault(settings.replicationFactor()) + ", min.insync.replicas "
                + orBrokerDefault(settings.minInsyncReplicas());
    }

    private static String orBrokerDefault(Integer setting) {
        return setting == null ? "the broker's default" : setting.toString();
    }
}
