package org.orderplatform.order.idempotency;

import org.bson.Document;
import org.orderplatform.api.order.OrderId;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.util.Date;

/**
 * Remembers which order an {@code Idempotency-Key} created, so a client that retries a request gets the same order,
 * across restarts and instances. A key is claimed before the order is placed; placing is itself idempotent by
 * order id, so a retry after a crash between the two simply places the claimed order.
 */
@Component
public class IdempotencyKeys {

    static final String COLLECTION = "idempotency_keys";

    private final MongoTemplate mongo;
    private final Clock clock;

    IdempotencyKeys(MongoTemplate mongo, @Value("${orders.idempotency.retention:24h}") Duration retention) {
        this.mongo = mongo;
        this.clock = Clock.systemUTC();
        mongo.indexOps(COLLECTION).createIndex(new Index().on("createdAt", Sort.Direction.ASC).expire(retention));
    }

    /** What a key stands for: the order it names, and whether that order is placed already. */
    public record Claim(OrderId orderId, boolean placed) {
    }

    /**
     * Claims the key for a new order, or returns the claim made earlier with the same request.
     *
     * @throws IdempotencyKeyReusedException when the key was used for a different request
     */
    public Claim claim(String key, String requestFingerprint) {
        OrderId candidate = OrderId.generate();
        try {
            mongo.insert(new Document("_id", key)
                    .append("fingerprint", requestFingerprint)
                    .append("orderId", candidate.value())
                    .append("placed", false)
                    .append("createdAt", Date.from(clock.instant())), COLLECTION);
            return new Claim(candidate, false);
        } catch (DuplicateKeyException claimedBefore) {
            Document earlier = mongo.findById(key, Document.class, COLLECTION);
            if (earlier == null || !requestFingerprint.equals(earlier.getString("fingerprint"))) {
                throw new IdempotencyKeyReusedException(key);
            }
            return new Claim(new OrderId(earlier.getString("orderId")), earlier.getBoolean("placed", false));
        }
    }

    public void placed(String key) {
        mongo.updateFirst(Query.query(Criteria.where("_id").is(key)), new Update().set("placed", true), COLLECTION);
    }
}
