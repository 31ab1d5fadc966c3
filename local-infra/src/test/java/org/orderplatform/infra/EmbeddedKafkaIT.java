package org.orderplatform.infra;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

class EmbeddedKafkaIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    @Test
    void producesAndConsumesThroughAConsumerGroup() throws Exception {
        Path logDirectory;
        int port;
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            logDirectory = kafka.logDirectory();
            port = kafka.port();
            assertThat(kafka.bootstrapServers()).isEqualTo("127.0.0.1:" + port);
            createTopic(kafka, "order-events", 3);

            produce(kafka, "order-events", Map.of("o-1", "placed", "o-2", "confirmed", "o-3", "cancelled"));

            assertThat(consume(kafka, "order-events", "notification", 3))
                    .extracting(ConsumerRecord::key, ConsumerRecord::value)
                    .containsExactlyInAnyOrder(
                            tuple("o-1", "placed"),
                            tuple("o-2", "confirmed"),
                            tuple("o-3", "cancelled"));
        }
        assertThat(logDirectory).doesNotExist();
        assertThat(Ports.isFree(port)).isTrue();
    }

    @Test
    void keepsRecordsAndCommittedOffsetsAcrossARestartOnTheSameLogDirectory(@TempDir Path logDirectory)
            throws Exception {
        EmbeddedKafka.Options options = EmbeddedKafka.Options.persistentIn(logDirectory);
        try (EmbeddedKafka kafka = EmbeddedKafka.start(options)) {
            createTopic(kafka, "payments", 1);
            produce(kafka, "payments", Map.of("p-1", "completed", "p-2", "failed"));
            assertThat(consume(kafka, "payments", "order-saga", 2)).hasSize(2);
        }

        Instant restartedAt = Instant.now();
        try (EmbeddedKafka kafka = EmbeddedKafka.start(options)) {
            assertThat(Duration.between(restartedAt, Instant.now())).isLessThan(TIMEOUT);

            assertThat(consume(kafka, "payments", "audit", 2))
                    .extracting(ConsumerRecord::key, ConsumerRecord::value)
                    .containsExactlyInAnyOrder(
                            tuple("p-1", "completed"),
                            tuple("p-2", "failed"));
            try (Admin admin = admin(kafka)) {
                Map<TopicPartition, OffsetAndMetadata> committed = admin
                        .listConsumerGroupOffsets("order-saga").partitionsToOffsetAndMetadata()
                        .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                assertThat(committed.get(new TopicPartition("payments", 0)).offset()).isEqualTo(2);
            }
        }
    }

    @Test
    void failsToStartOnATakenPortWithoutLeavingAnythingBehind() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName(Loopback.HOST))) {
            Path temporaryDirectory = Path.of(System.getProperty("java.io.tmpdir"));
            Set<Path> temporaryBefore = kafkaDirectoriesIn(temporaryDirectory);

            assertThatThrownBy(() -> EmbeddedKafka.start(EmbeddedKafka.Options.temporary()
                    .withPort(taken.getLocalPort())))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining(String.valueOf(taken.getLocalPort()));

            assertThat(kafkaDirectoriesIn(temporaryDirectory)).isEqualTo(temporaryBefore);
        }
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            createTopic(kafka, "after-a-failed-start", 1);
        }
    }

    private static Set<Path> kafkaDirectoriesIn(Path directory) throws IOException {
        try (Stream<Path> children = Files.list(directory)) {
            return children.filter(child -> child.getFileName().toString().startsWith("embedded-kafka-"))
                    .collect(Collectors.toSet());
        }
    }

    private static Admin admin(EmbeddedKafka kafka) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()));
    }

    private static void createTopic(EmbeddedKafka kafka, String topic, int partitions)
            throws InterruptedException, ExecutionException, TimeoutException {
        try (Admin admin = admin(kafka)) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1)))
                    .all().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            assertThat(admin.listTopics().names().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).contains(topic);
        }
    }

    private static void produce(EmbeddedKafka kafka, String topic, Map<String, String> records)
            throws InterruptedException, ExecutionException, TimeoutException {
        Map<String, Object> config = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config)) {
            for (Map.Entry<String, String> record : records.entrySet()) {
                producer.send(new ProducerRecord<>(topic, record.getKey(), record.getValue()))
                        .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            }
        }
    }

    private static List<ConsumerRecord<String, String>> consume(EmbeddedKafka kafka, String topic, String group,
                                                                int expectedCount) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, group,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        List<ConsumerRecord<String, String>> received = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
            consumer.subscribe(Set.of(topic));
            Instant deadline = Instant.now().plus(TIMEOUT);
            while (received.size() < expectedCount && Instant.now().isBefore(deadline)) {
                consumer.poll(Duration.ofMillis(200)).forEach(received::add);
            }
            consumer.commitSync();
        }
        return received;
    }
}
