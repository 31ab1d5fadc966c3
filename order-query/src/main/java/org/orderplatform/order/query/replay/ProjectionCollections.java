package org.orderplatform.order.query.replay;

import com.mongodb.client.MongoCollection;
import org.bson.Document;

/** Where a projection's documents are read and written; the two differ while a replay rebuilds it. */
public interface ProjectionCollections {

    /** The collection that queries read: the rebuilt one only once a replay has caught up. */
    MongoCollection<Document> liveCollection(String name);

    /** The collection this instance's processor writes to. */
    MongoCollection<Document> writeCollection(String name);
}
