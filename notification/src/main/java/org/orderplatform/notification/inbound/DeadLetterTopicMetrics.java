package org.orderplatform.notification.inbound;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.orderplatform.support.metrics.SampledGauges;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * How many records wait on the dead-letter topic: the sum over its partitions of the latest offset less the earliest
 * one still kept. Read from the broker, so the figure is the topic's, whoever wrote to it and across restarts, where
 * {@code notification_events_dead_lettered_total} counts only this process's writes.
 */
@Component
class DeadLetterTopicMetrics implements AutoCloseable {

    private static final Duration BROKER_TIMEOUT = Duration.ofSeconds(5);

    private final Admin admin;
    private final String topic;

    DeadLetterTopicMetrics(KafkaAdmin kafkaAdmin, ConsumerSettings settings, SampledGauges gauges) {
        this.admin = Admin.create(kafkaAdmin.getConfigurationProperties());
        this.topic = settings.topics().deadLetter();
        gauges.gauge("notification.dead.letters", "Records on the dead-letter topic", null, this::recordsKept);
    }

    private double recordsKept() {
        try {
            TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames()
                    .get(BROKER_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).get(topic);
            List<TopicPartition> partitions = description.partitions().stream()
                    .map(partition -> new TopicPartition(topic, partition.partition())).toList();
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> earliest = offsets(partitions, OffsetSpec.earliest());
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> latest = offsets(partitions, OffsetSpec.latest());
            return partitions.stream().mapToLong(partition -> latest.get(partition).offset() - earliest.get(partition).offset()).sum();
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the broker did not tell the offsets of " + topic, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while asking for the offsets of " + topic, e);
        }
    }

    private Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> offsets(List<TopicPartition> partitions, OffsetSpec spec)
            throws ExecutionException, InterruptedException, TimeoutException {
        return admin.listOffsets(partitions.stream().collect(Collectors.toMap(Function.identity(), partition -> spec)))
                .all().get(BROKER_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        admin.close(BROKER_TIMEOUT);
    }
}
