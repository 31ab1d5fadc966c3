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

    /** Creates what the collection needs before documents arrive; called for the live and every rebuilt collection. */
    void prepare(MongoCollection<Document> collection);
}
