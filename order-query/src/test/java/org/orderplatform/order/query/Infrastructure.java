package org.orderplatform.order.query;

import org.orderplatform.axonserver.EmbeddedAxonServer;
import org.orderplatform.infra.EmbeddedMongo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;

/**
 * The Axon server and the MongoDB-compatible server, started once per test JVM and shared by every integration test
 * class, as the Spring context is; the JVM's exit stops them.
 */
final class Infrastructure {

    static final EmbeddedMongo MONGO = EmbeddedMongo.start();
    static final EmbeddedAxonServer AXON_SERVER = startAxonServer();

    private Infrastructure() {
    }

    private static EmbeddedAxonServer startAxonServer() {
        try {
            return EmbeddedAxonServer.start(Files.createTempDirectory("order-query-it-axonserver"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
