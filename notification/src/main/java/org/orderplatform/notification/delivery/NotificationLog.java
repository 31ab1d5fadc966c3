package org.orderplatform.notification.delivery;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.List;

/** The record of every fact's email; its unique key, the event identifier, is what makes an email happen once. */
@Component
class NotificationLog {

    private final MongoTemplate mongo;

    NotificationLog(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    /** Records the attempt, or returns the record of an earlier one for the same event. */
    NotificationRecord recordAttempt(NotificationRecord attempt) {
        try {
            return mongo.insert(attempt);
        } catch (DuplicateKeyException earlierAttempt) {
            return mongo.findById(attempt.eventId(), NotificationRecord.class);
        }
    }

    void markSent(String eventId, Instant sentAt) {
        mark(eventId, Update.update("status", NotificationRecord.Status.SENT).set("sentAt", sentAt));
    }

    void markSkipped(String eventId) {
        mark(eventId, Update.update("status", NotificationRecord.Status.SKIPPED));
    }

    void markUndeliverable(String eventId, String failure) {
        mark(eventId, Update.update("status", NotificationRecord.Status.UNDELIVERABLE).set("failure", failure));
    }

    /** Only a refusal: an email sent or skipped stays so. */
    void forgetUndeliverable(String eventId) {
        Criteria refused = Criteria.where("_id").is(eventId).and("status").is(NotificationRecord.Status.UNDELIVERABLE);
        mongo.remove(Query.query(refused), NotificationRecord.class);
    }

    private void mark(String eventId, Update update) {
        mongo.updateFirst(Query.query(Criteria.where("_id").is(eventId)), update, NotificationRecord.class);
    }

    List<NotificationRecord> sentFor(String orderId) {
        Query query = Query.query(Criteria.where("orderId").is(orderId).and("status").is(NotificationRecord.Status.SENT))
                .with(Sort.by("sentAt"));
        return mongo.find(query, NotificationRecord.class);
    }
}
