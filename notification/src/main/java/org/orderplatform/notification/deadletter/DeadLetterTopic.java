package org.orderplatform.notification.deadletter;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.orderplatform.notification.inbound.ConsumerSettings;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The dead-letter topic as the broker holds it: which offsets each partition keeps, its records read by offset, and
 * records sent back to where they came from. Every call waits at most {@code notification.dead-letters.broker-timeout}
 * for the broker, then fails with {@link DeadLettersUnavailableException}.
 */
@Component
class DeadLetterTopic implements AutoCloseable {

    private static final Duration POLL = Duration.ofMillis(200);

    private final Admin admin;
    private final Map<String, Object> consumerConfig;
    private final KafkaTemplate<String, byte[]> resends;
    private final String name;
    private final Duration timeout;

    DeadLetterTopic(KafkaAdmin kafkaAdmin, ConsumerFactory<?, ?> consumers, ProducerFactory<String, byte[]> producers,
                    ConsumerSettings consumerSettings, DeadLetterSettings settings) {
        this.name = consumerSettings.topics().deadLetter();
        this.timeout = settings.brokerTimeout();
        this.admin = Admin.create(kafkaAdmin.getConfigurationProperties());
        Map<String, Object> config = new HashMap<>(consumers.getConfigurationProperties());
        // Read by offset, outside any consumer group: nothing is committed, nobody's position moves.
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        this.consumerConfig = Map.copyOf(config);
        // A producer of its own, so that a broker away blocks a resend for the timeout, not the client's minute.
        this.resends = new KafkaTemplate<>(producers, Map.of(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeout.toMillis()));
    }

    String name() {
        return name;
    }

    /** @param end the offset the next record will get; the partition keeps {@code earliest} up to it */
    record Offsets(long earliest, long end) {

        long kept() {
            return end - earliest;
        }

        boolean keeps(long offset) {
            return offset >= earliest && offset < end;
        }
    }

    /**
     * @param topicId the broker's id of the topic, new whenever the topic is created anew, so that the offsets of an
     *                earlier topic of the same name are not taken for this one's; {@code null} while there is none
     */
    record Layout(String topicId, SortedMap<Integer, Offsets> partitions) {
    }

    Layout layout() {
        Optional<TopicDescription> found = describe();
        if (found.isEmpty()) {
            return new Layout(null, new TreeMap<>());
        }
        TopicDescription description = found.get();
        List<TopicPartition> partitions = description.partitions().stream()
                .map(partition -> new TopicPartition(name, partition.partition())).toList();
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> earliest = offsets(partitions, OffsetSpec.earliest());
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> latest = offsets(partitions, OffsetSpec.latest());
        SortedMap<Integer, Offsets> byPartition = new TreeMap<>();
        partitions.forEach(partition -> byPartition.put(partition.partition(),
                new Offsets(earliest.get(partition).offset(), latest.get(partition).offset())));
        return new Layout(description.topicId().toString(), byPartition);
    }

    /** Each partition's first {@code limit} records that {@code wanted} keeps, oldest first. */
    List<ConsumerRecord<String, byte[]>> read(Layout layout, Predicate<ConsumerRecord<String, byte[]>> wanted, int limit) {
        Map<TopicPartition, Offsets> ranges = new HashMap<>();
        layout.partitions().forEach((partition, offsets) -> ranges.put(new TopicPartition(name, partition), offsets));
        return read(ranges, wanted, limit);
    }

    Optional<ConsumerRecord<String, byte[]>> at(Layout layout, DeadLetterId id) {
        Offsets offsets = layout.partitions().get(id.partition());
        if (offsets == null || !offsets.keeps(id.offset())) {
            return Optional.empty();
        }
        return read(Map.of(new TopicPartition(name, id.partition()), new Offsets(id.offset(), id.offset() + 1)),
                record -> true, 1).stream().findFirst();
    }

    void resend(ProducerRecord<String, byte[]> record) {
        try {
            await(resends.send(record));
        } catch (KafkaException e) {
            throw new DeadLettersUnavailableException("cannot send to " + record.topic() + ": " + e.getMessage(), e);
        }
    }

    private List<ConsumerRecord<String, byte[]>> read(Map<TopicPartition, Offsets> ranges,
                                                       Predicate<ConsumerRecord<String, byte[]>> wanted, int limit) {
        Map<TopicPartition, List<ConsumerRecord<String, byte[]>>> found = new HashMap<>();
        try (Consumer<String, byte[]> consumer = new KafkaConsumer<>(consumerConfig, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> unread = ranges.entrySet().stream().filter(range -> range.getValue().kept() > 0)
                    .map(Map.Entry::getKey).collect(Collectors.toCollection(ArrayList::new));
            consumer.assign(unread);
            unread.forEach(partition -> consumer.seek(partition, ranges.get(partition).earliest()));
            Instant giveUp = Instant.now().plus(timeout);
            while (!unread.isEmpty()) {
                var records = consumer.poll(POLL);
                if (!records.isEmpty()) {
                    giveUp = Instant.now().plus(timeout);
                } else if (Instant.now().isAfter(giveUp)) {
                    throw new DeadLettersUnavailableException("the Kafka broker sent no records of " + name + " within "
                            + timeout.toMillis() + " ms", null);
                }
                for (TopicPartition partition : records.partitions()) {
                    List<ConsumerRecord<String, byte[]>> kept = found.computeIfAbsent(partition, any -> new ArrayList<>());
                    for (ConsumerRecord<String, byte[]> record : records.records(partition)) {
                        if (record.offset() < ranges.get(partition).end() && kept.size() < limit && wanted.test(record)) {
                            kept.add(record);
                        }
                    }
                }
                List<TopicPartition> done = unread.stream().filter(partition ->
                        found.getOrDefault(partition, List.of()).size() >= limit
                                || consumer.position(partition) >= ranges.get(partition).end()).toList();
                consumer.pause(done);
                unread.removeAll(done);
            }
        } catch (KafkaException e) {
            throw new DeadLettersUnavailableException("cannot read " + name + ": " + e.getMessage(), e);
        }
        return found.values().stream().flatMap(List::stream).toList();
    }

    private Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> offsets(List<TopicPartition> partitions,
                                                                                 OffsetSpec spec) {
        return await(admin.listOffsets(partitions.stream()
                .collect(Collectors.toMap(Function.identity(), partition -> spec))).all());
    }

    /** The topic, or empty while there is none: it is created at start, or by the first record dead-lettered. */
    private Optional<TopicDescription> describe() {
        try {
            return Optional.of(await(admin.describeTopics(List.of(name)).allTopicNames()).get(name));
        } catch (DeadLettersUnavailableException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private <T> T await(Future<T> answer) {
        try {
            return answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new DeadLettersUnavailableException("the Kafka broker refused: " + e.getCause().getMessage(),
                    e.getCause());
        } catch (TimeoutException e) {
            answer.cancel(true);
            throw new DeadLettersUnavailableException("the Kafka broker did not answer within " + timeout.toMillis()
                    + " ms", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeadLettersUnavailableException("interrupted while waiting for the Kafka broker", e);
        }
    }

    @Override
    public void close() {
        resends.destroy();
        admin.close(timeout);
    }
}
