package org.orderplatform.infra;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.h2.H2Database;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The on-disk MongoDB backend, with the non-unique indexes it would otherwise ignore (see {@link EqualityIndex}).
 * Kept out of {@link EmbeddedMongo} so that the in-memory server runs without H2 on the class path, as in the
 * services' tests.
 */
final class H2MongoBackend {

    static final String DATA_FILE_NAME = "mongo.mv.db";

    private H2MongoBackend() {
    }

    static MongoBackend in(Path dataDirectory) {
        try {
            Files.createDirectories(dataDirectory);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the MongoDB data directory " + dataDirectory, e);
        }
        return new IndexingH2Backend(dataDirectory.resolve(DATA_FILE_NAME).toString());
    }

    private static final class IndexingH2Backend extends H2Backend {

        IndexingH2Backend(String fileName) {
            super(fileName);
        }

        // Also called by H2Backend's constructor, for the databases already on disk: uses nothing of this class's state.
        @Override
        protected MongoDatabase openOrCreateDatabase(String databaseName) {
            return new H2Database(databaseName, getMvStore(), getCursorRegistry()) {
                @Override
                protected Index<Object> openOrCreateSecondaryIndex(String collectionName, String indexName,
                                                                   List<IndexKey> keys, boolean sparse) {
                    return new EqualityIndex<>(indexName, keys, sparse);
                }
            };
        }
    }
}
