package org.orderplatform.notification.deadletter;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** Which records of the dead-letter topic were resent or dropped; one entry each, keyed by topic id and place. */
@Component
class SettledDeadLetters {

    private final MongoTemplate mongo;

    SettledDeadLetters(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    Optional<SettledDeadLetter> of(String topicId, DeadLetterId id) {
        return Optional.ofNullable(mongo.findById(SettledDeadLetter.key(topicId, id), SettledDeadLetter.class));
    }

    /** @return the entry that settled the record first, when another request did */
    Optional<SettledDeadLetter> record(SettledDeadLetter settled) {
        try {
            mongo.insert(settled);
            return Optional.empty();
        } catch (DuplicateKeyException settledMeanwhile) {
            return Optional.ofNullable(mongo.findById(settled.key(), SettledDeadLetter.class));
        }
    }

    Set<Long> offsets(String topicId, int partition, DeadLetterTopic.Offsets kept) {
        return mongo.find(within(topicId, partition, kept), SettledDeadLetter.class).stream().map(SettledDeadLetter::offset)
                .collect(Collectors.toSet());
    }

    long count(String topicId, int partition, DeadLetterTopic.Offsets kept) {
        return mongo.count(within(topicId, partition, kept), SettledDeadLetter.class);
    }

    /** Entries of records the partition still keeps; those of records past its retention no longer matter. */
    private static Query within(String topicId, int partition, DeadLetterTopic.Offsets kept) {
        return Query.query(Criteria.where("topicId").is(topicId).and("partition").is(partition)
                .and("offset").gte(kept.earliest()).lt(kept.end()));
    }
}
