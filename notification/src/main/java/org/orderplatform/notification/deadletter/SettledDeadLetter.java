package org.orderplatform.notification.deadletter;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

import java.time.Instant;

/**
 * A record of the dead-letter topic that an operator resent or dropped. Kafka deletes no single record, so this is
 * what takes it off the list and out of the gauge.
 *
 * @param key     the topic's id with the record's place, {@link #key}
 * @param eventId the event the record carried, when it said
 */
@Document("settled_dead_letters")
record SettledDeadLetter(@Id String key, String topic, String topicId, int partition, long offset, Outcome outcome,
                         String eventId, String settledBy, Instant settledAt) {

    enum Outcome {
        RESENT,
        DROPPED
    }

    static String key(String topicId, DeadLetterId id) {
        return topicId + ":" + id;
    }

    DeadLetterId id() {
        return new DeadLetterId(partition, offset);
    }
}
