package org.orderplatform.infra;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A real single-node Kafka broker in KRaft mode (broker and controller in one server), in this JVM, listening on
 * 127.0.0.1. Clients use {@link #bootstrapServers()}.
 */
public final class EmbeddedKafka implements AutoCloseable {

    private static final int NODE_ID = 1;
    private static final String CONTROLLER_LISTENER = "CONTROLLER";

    private final KafkaRaftServer server;
    private final int port;
    private final Path logDirectory;
    private final boolean deleteLogDirectoryOnClose;

    private EmbeddedKafka(KafkaRaftServer server, int port, Path logDirectory, boolean deleteLogDirectoryOnClose) {
        this.server = server;
        this.port = port;
        this.logDirectory = logDirectory;
        this.deleteLogDirectoryOnClose = deleteLogDirectoryOnClose;
    }

    /** A broker on a free port whose log directory is temporary and deleted on {@link #close()}. */
    public static EmbeddedKafka start() {
        return start(Options.temporary());
    }

    public static EmbeddedKafka start(Options options) {
        boolean temporary = options.logDirectory().isEmpty();
        Path logDirectory = temporary ? createTemporaryDirectory() : createDirectories(options.logDirectory().get());
        try {
            int port = Loopback.portOrFree(options.port());
            KafkaConfig config = new KafkaConfig(brokerProperties(port, freeControllerPort(port), logDirectory), false);
            formatUnlessFormatted(logDirectory);
            KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
            try {
                server.startup();
            } catch (Exception e) {
                // Scala code declares no checked exceptions, so this also catches the undeclared ones.
                shutdown(server);
                throw new IllegalStateException("Kafka could not start on " + Loopback.HOST + ":" + port, e);
            }
            return new EmbeddedKafka(server, port, logDirectory, temporary);
        } catch (RuntimeException e) {
            if (temporary) {
                deleteRecursively(logDirectory);
            }
            throw e;
        }
    }

    private static int freeControllerPort(int brokerPort) {
        int controllerPort = Loopback.portOrFree(0);
        while (controllerPort == brokerPort) {
            controllerPort = Loopback.portOrFree(0);
        }
        return controllerPort;
    }

    /** As in a {@code server.properties} file: every value a string, the types Kafka parses them to vary. */
    private static Map<String, String> brokerProperties(int port, int controllerPort, Path logDirectory) {
        return Map.ofEntries(
                Map.entry("process.roles", "broker,controller"),
                Map.entry("node.id", String.valueOf(NODE_ID)),
                Map.entry("controller.quorum.voters", NODE_ID + "@" + Loopback.HOST + ":" + controllerPort),
                Map.entry("listeners",
                        "PLAINTEXT://" + Loopback.HOST + ":" + port
                                + "," + CONTROLLER_LISTENER + "://" + Loopback.HOST + ":" + controllerPort),
                Map.entry("advertised.listeners", "PLAINTEXT://" + Loopback.HOST + ":" + port),
                Map.entry("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT"),
                Map.entry("controller.listener.names", CONTROLLER_LISTENER),
                Map.entry("inter.broker.listener.name", "PLAINTEXT"),
                Map.entry("log.dirs", logDirectory.toString()),
                // One node: internal topics cannot have more than one replica.
                Map.entry("offsets.topic.replication.factor", "1"),
                Map.entry("transaction.state.log.replication.factor", "1"),
                Map.entry("transaction.state.log.min.isr", "1"),
                Map.entry("min.insync.replicas", "1"),
                // Few consumer groups and transactions locally; one partition each makes the first join fast.
                Map.entry("offsets.topic.num.partitions", "1"),
                Map.entry("transaction.state.log.num.partitions", "1"),
                Map.entry("auto.create.topics.enable", "true"),
                Map.entry("num.partitions", "1"),
                Map.entry("group.initial.rebalance.delay.ms", "0"),
                // The default 128 MiB cleaner buffer is sized for production compaction, not a laptop or a test JVM.
                Map.entry("log.cleaner.dedupe.buffer.size", String.valueOf(2 * 1024 * 1024)),
                Map.entry("num.network.threads", "2"),
                Map.entry("num.io.threads", "2"));
    }

    /** What {@code kafka-storage.sh format} does, once: a directory formatted before keeps its cluster id. */
    private static void formatUnlessFormatted(Path logDirectory) {
        if (Files.exists(logDirectory.resolve("meta.properties"))) {
            return;
        }
        try {
            new Formatter()
                    .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                    .setNodeId(NODE_ID)
                    .setClusterId(Uuid.randomUuid().toString())
                    .setControllerListenerName(CONTROLLER_LISTENER)
                    // The cluster metadata shares the one log directory.
                    .setMetadataLogDirectory(logDirectory.toString())
                    .setDirectories(List.of(logDirectory.toString()))
                    .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                    .run();
        } catch (Exception e) {
            throw new IllegalStateException("Cannot format the Kafka log directory " + logDirectory, e);
        }
    }

    /** For example {@code 127.0.0.1:9092}. */
    public String bootstrapServers() {
        return host() + ":" + port;
    }

    public String host() {
        return Loopback.HOST;
    }

    public int port() {
        return port;
    }

    public Path logDirectory() {
        return logDirectory;
    }

    /** Stops the broker after a controlled shutdown; a temporary log directory is deleted afterwards. */
    @Override
    public void close() {
        shutdown(server);
        if (deleteLogDirectoryOnClose) {
            deleteRecursively(logDirectory);
        }
    }

    private static void shutdown(KafkaRaftServer server) {
        server.shutdown();
        server.awaitShutdown();
    }

    private static Path createTemporaryDirectory() {
        try {
            return Files.createTempDirectory("embedded-kafka-");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create a temporary Kafka log directory", e);
        }
    }

    private static Path createDirectories(Path directory) {
        try {
            return Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the Kafka log directory " + directory, e);
        }
    }

    private static void deleteRecursively(Path directory) {
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete the Kafka log directory " + directory, e);
        }
    }

    /**
     * @param port         0 for a free port
     * @param logDirectory where topics and the cluster metadata live; empty for a temporary directory
     */
    public record Options(int port, Optional<Path> logDirectory) {

        public Options {
            Loopback.requireValidPort(port);
            logDirectory = logDirectory.map(Path::toAbsolutePath);
        }

        public static Options temporary() {
            return new Options(0, Optional.empty());
        }

        public static Options persistentIn(Path logDirectory) {
            return new Options(0, Optional.of(logDirectory));
        }

        public Options withPort(int port) {
            return new Options(port, logDirectory);
        }
    }
}
