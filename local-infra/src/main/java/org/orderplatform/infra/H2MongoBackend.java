package org.orderplatform.infra;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.backend.h2.H2Backend;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The on-disk MongoDB backend. Kept out of {@link EmbeddedMongo} so that the in-memory server runs without H2 on
 * the class path, as in the services' tests.
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
        return new H2Backend(dataDirectory.resolve(DATA_FILE_NAME).toString());
    }
}
