package org.orderplatform.infra;

import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.memory.index.MemoryUniqueIndex;
import de.bwaldvogel.mongo.bson.Document;

import java.util.List;

/**
 * A unique index that also serves a query naming more fields than its keys, as MongoDB's does: it selects the
 * documents its keys match, and the collection matches the query's other conditions on those. mongo-java-server's
 * own unique indexes serve only a query on exactly their keys, so a conditional update by id, such as
 * {@code {_id: X, status: {$ne: ...}}}, read every document of the collection.
 */
final class NarrowingUniqueIndex extends MemoryUniqueIndex {

    NarrowingUniqueIndex(String name, List<IndexKey> keys, boolean sparse) {
        super(name, keys, sparse);
    }

    @Override
    public synchronized boolean canHandle(Document query) {
        return super.canHandle(query) || super.canHandle(onKeys(query));
    }

    @Override
    public synchronized Iterable<Integer> getPositions(Document query) {
        return super.getPositions(super.canHandle(query) ? query : onKeys(query));
    }

    /** The query's conditions on this index's keys alone; empty of them if the query lacks a key. */
    private Document onKeys(Document query) {
        Document narrowed = new Document();
        for (String key : keySet()) {
            if (!query.containsKey(key)) {
                return new Document();
            }
            narrowed.put(key, query.get(key));
        }
        return narrowed;
    }
}
