package org.orderplatform.notification.deadletter;

import org.orderplatform.support.metrics.SampledGauges;
import org.springframework.stereotype.Component;

/**
 * How many records wait on the dead-letter topic: those its partitions keep (latest offset less the earliest), less
 * those an operator resent or dropped. Read from the broker, so the figure is the topic's, whoever wrote to it and
 * across restarts, where {@code notification_events_dead_lettered_total} counts only this process's writes.
 */
@Component
class DeadLetterTopicMetrics {

    private final DeadLetterTopic topic;
    private final SettledDeadLetters settled;

    DeadLetterTopicMetrics(DeadLetterTopic topic, SettledDeadLetters settled, SampledGauges gauges) {
        this.topic = topic;
        this.settled = settled;
        gauges.gauge("notification.dead.letters", "Records waiting on the dead-letter topic, neither resent nor dropped",
                null, this::waiting);
    }

    private double waiting() {
        DeadLetterTopic.Layout layout = topic.layout();
        return layout.partitions().entrySet().stream()
                .mapToLong(partition -> partition.getValue().kept()
                        - settled.count(layout.topicId(), partition.getKey(), partition.getValue()))
                .sum();
    }
}
