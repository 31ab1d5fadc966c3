package org.orderplatform.infra;

import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import de.bwaldvogel.mongo.backend.memory.MemoryDatabase;

import java.util.List;

/**
 * The in-memory backend, with the non-unique indexes it would otherwise ignore (see {@link EqualityIndex}) and
 * unique indexes that serve queries with more conditions than their keys (see {@link NarrowingUniqueIndex}).
 */
final class IndexingMemoryBackend extends MemoryBackend {

    @Override
    public MemoryDatabase openOrCreateDatabase(String databaseName) {
        return new MemoryDatabase(databaseName, getCursorRegistry()) {
            @Override
            protected Index<Integer> openOrCreateUniqueIndex(String collectionName, String indexName,
                                                             List<IndexKey> keys, boolean sparse) {
                return new NarrowingUniqueIndex(indexName, keys, sparse);
            }

            @Override
            protected Index<Integer> openOrCreateSecondaryIndex(String collectionName, String indexName,
                                                                List<IndexKey> keys, boolean sparse) {
                return new EqualityIndex<>(indexName, keys, sparse);
            }
        };
    }
}
