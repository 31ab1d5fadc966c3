package org.orderplatform.order.kafka;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.requests.CreateTopicsRequest;
import org.axonframework.extensions.kafka.KafkaProperties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.orderplatform.infra.EmbeddedKafka;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bridge's topics as it creates them on a real (single) KRaft broker. One broker cannot hold three replicas, so
 * the production values are checked in the creation request, and on the broker a replication it can have, set
 * explicitly, and one it cannot.
 */
@ExtendWith(OutputCaptureExtension.class)
class KafkaTopicsIT {

    private static final EmbeddedKafka KAFKA = EmbeddedKafka.start();

    @AfterAll
    static void stopKafka() {
        KAFKA.close();
    }

    @Test
    void asksForTheConfiguredReplicationAndMinInsyncReplicas() {
        List<NewTopic> topics = topics(settings("orders", 3, 2)).topics();

        assertThat(topics).hasSize(PublishedEventTypes.Context.values().length).allSatisfy(topic -> {
            assertThat(topic.numPartitions()).isEqualTo(6);
            assertThat(topic.replicationFactor()).isEqualTo((short) 3);
            assertThat(topic.configs()).containsExactly(Map.entry(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, "2"));
        });
    }

    @Test
    void leavesReplicationToTheBrokerWhenNotConfigured() {
        assertThat(topics(settings("orders", null, null)).topics()).allSatisfy(topic -> {
            assertThat(topic.replicationFactor()).isEqualTo(CreateTopicsRequest.NO_REPLICATION_FACTOR);
            assertThat(topic.configs()).isEmpty();
        });
    }

    @Test
    void createsTheTopicsWithTheReplicationSetOnTheBroker() throws Exception {
        KafkaBridgeSettings settings = settings(UUID.randomUUID().toString(), 1, 1);

        topics(settings).afterPropertiesSet();

        try (Admin admin = admin()) {
            TopicDescription orders = admin.describeTopics(List.of(settings.topics().orders())).allTopicNames().get()
                    .get(settings.topics().orders());
            assertThat(orders.partitions()).hasSize(6)
                    .allSatisfy(partition -> assertThat(partition.replicas()).hasSize(1));
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, settings.topics().orders());
            Config config = admin.describeConfigs(List.of(resource)).all().get().get(resource);
            ConfigEntry minInsync = config.get(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG);
            // Set on the topic itself, not the broker's default of the same value.
            assertThat(minInsync.source()).isEqualTo(ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG);
            assertThat(minInsync.value()).isEqualTo("1");
        }
    }

    @Test
    void aReplicationTheBrokersCannotHoldCreatesNothingAndSaysWhy(CapturedOutput output) throws Exception {
        KafkaBridgeSettings settings = settings(UUID.randomUUID().toString(), 3, 2);

        topics(settings).afterPropertiesSet();

        assertThat(output).contains("Cannot create topic " + settings.topics().orders()
                + " with replication factor 3, min.insync.replicas 2: ")
                .contains("only 1 broker(s)");
        try (Admin admin = admin()) {
            assertThat(admin.listTopics().names().get()).doesNotContain(settings.topics().orders());
        }
    }

    private static KafkaTopics topics(KafkaBridgeSettings settings) {
        KafkaProperties kafka = new KafkaProperties();
        kafka.setBootstrapServers(List.of(KAFKA.bootstrapServers()));
        return new KafkaTopics(kafka, settings);
    }

    private static KafkaBridgeSettings settings(String prefix, Integer replicationFactor, Integer minInsyncReplicas) {
        var topics = new KafkaBridgeSettings.Topics(prefix + ".order-events", prefix + ".payment-events",
                prefix + ".stock-events");
        return new KafkaBridgeSettings(topics, 6, replicationFactor, minInsyncReplicas, Duration.ofSeconds(15), 2,
                100);
    }

    private static Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers()));
    }
}
