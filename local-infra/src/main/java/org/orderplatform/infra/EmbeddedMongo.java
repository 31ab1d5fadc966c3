package org.orderplatform.infra;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;

import java.nio.file.Path;
import java.util.Optional;

/**
 * A MongoDB wire-protocol server (mongo-java-server) on 127.0.0.1, in memory, or in memory with a journal on disk
 * that keeps every acknowledged write across a restart or a killed process ({@link JournaledMemoryBackend}).
 * Clients use the ordinary MongoDB driver with {@link #connectionString()}.
 */
public final class EmbeddedMongo implements AutoCloseable {

    private final MongoServer server;
    private final int port;
    private final Optional<Path> dataDirectory;

    private EmbeddedMongo(MongoServer server, Optional<Path> dataDirectory) {
        this.server = server;
        this.port = server.getLocalAddress().getPort();
        this.dataDirectory = dataDirectory;
    }

    /** An in-memory server on a free port. */
    public static EmbeddedMongo start() {
        return start(Options.inMemory());
    }

    /**
     * @throws IllegalStateException if the port is taken, or the data directory is in use by another instance (in
     *                               this JVM or another process)
     */
    public static EmbeddedMongo start(Options options) {
        MongoServer server = new MongoServer(backendFor(options));
        try {
            server.bind(Loopback.HOST, options.port());
        } catch (Exception e) {
            // Netty throws BindException undeclared, so this also catches checked exceptions.
            server.shutdownNow();
            throw new IllegalStateException("Cannot listen on " + Loopback.HOST + ":" + options.port(), e);
        }
        return new EmbeddedMongo(server, options.dataDirectory());
    }

    private static MongoBackend backendFor(Options options) {
        if (options.dataDirectory().isPresent()) {
            return JournaledMemoryBackend.open(options.dataDirectory().get());
        }
        return new IndexingMemoryBackend();
    }

    /** For example {@code mongodb://127.0.0.1:27017}. */
    public String connectionString() {
        return "mongodb://" + host() + ":" + port();
    }

    public String host() {
        return Loopback.HOST;
    }

    public int port() {
        return port;
    }

    public Optional<Path> dataDirectory() {
        return dataDirectory;
    }

    /** Closes client connections and, with data on disk, forces the journal to disk and releases the directory. */
    @Override
    public void close() {
        server.shutdownNow();
    }

    /**
     * @param port          0 for a free port
     * @param dataDirectory where the snapshot and journal live, locked while the server runs; empty keeps the data
     *                      in memory only
     */
    public record Options(int port, Optional<Path> dataDirectory) {

        public Options {
            Loopback.requireValidPort(port);
            dataDirectory = dataDirectory.map(Path::toAbsolutePath);
        }

        public static Options inMemory() {
            return new Options(0, Optional.empty());
        }

        public static Options persistentIn(Path dataDirectory) {
            return new Options(0, Optional.of(dataDirectory));
        }

        public Options withPort(int port) {
            return new Options(port, dataDirectory);
        }
    }
}
