package org.orderplatform.order.query.replay;

import com.mongodb.client.MongoCollection;
import org.bson.Document;

/**
 * A read model that can be rebuilt from the first event: its name in the admin API, the streaming processor that
 * feeds it, and how to prepare an empty collection (indexes) for it.
 */
public interface ReplayableProjection {

    String name();

    String processorName();

    /**
     * Creates what the collection needs to serve reads (indexes); called for the live collection before documents
     * arrive, and for a rebuilt one once it has caught up, before reads switch to it. Must be idempotent.
     */
    void prepare(MongoCollection<Document> collection);
}
