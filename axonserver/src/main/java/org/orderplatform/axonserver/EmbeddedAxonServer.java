package org.orderplatform.axonserver;

import org.orderplatform.axonserver.grpc.GrpcServer;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.logging.LoggingApplicationListener;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The server running inside the calling JVM, for integration tests of applications that connect to Axon Server:
 * <pre>{@code
 * try (EmbeddedAxonServer server = EmbeddedAxonServer.start(dataDir)) {
 *     // axon.axonserver.servers=server.servers()
 * }
 * }</pre>
 * It binds to loopback only, reads only its own {@code axonserver.yml} and activates only its own auto-configuration,
 * so it neither sees nor disturbs the host application's configuration. It leaves logging to the host. Closing it
 * releases the ports and the data directory; a new server may then start on the same directory and find the events.
 *
 * <p>Its dashboard and JSON API need an operator of the sign-in server. A test with a sign-in server of its own passes
 * where its keys are, {@code axonserver.signin.jwk-set-uri}, to call {@code /v1} with its access tokens, or where it
 * listens, {@code axonserver.signin.url}, to sign in through its form as well.
 */
public final class EmbeddedAxonServer implements AutoCloseable {

    private static final String LOOPBACK = "127.0.0.1";

    private final ConfigurableApplicationContext context;
    private final int grpcPort;
    private final int httpPort;

    private EmbeddedAxonServer(ConfigurableApplicationContext context) {
        this.context = context;
        this.grpcPort = context.getBean(GrpcServer.class).port();
        this.httpPort = ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    /** Starts a server on free ports, storing its events in {@code dataDir}. */
    public static EmbeddedAxonServer start(Path dataDir) {
        return start(dataDir, 0, 0);
    }

    /** Starts a server on free ports, storing its events in a new temporary directory named after {@code prefix}. */
    public static EmbeddedAxonServer startInTemporaryDirectory(String prefix) {
        return startInTemporaryDirectory(prefix, Map.of());
    }

    /** The same, with further settings of {@code axonserver.yml}, e.g. {@code axonserver.signin.jwk-set-uri}. */
    public static EmbeddedAxonServer startInTemporaryDirectory(String prefix, Map<String, String> settings) {
        try {
            return start(Files.createTempDirectory(prefix), 0, 0, settings);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create a data directory for the Axon server", e);
        }
    }

    /** Starts a server on the given ports (0 picks a free one), e.g. to restart one where clients expect it. */
    public static EmbeddedAxonServer start(Path dataDir, int grpcPort, int httpPort) {
        return start(dataDir, grpcPort, httpPort, Map.of());
    }

    /**
     * Starts a server on the given ports with further settings of {@code axonserver.yml}, e.g.
     * {@code axonserver.access-token}; the data directory, ports and address are the parameters' alone.
     */
    public static EmbeddedAxonServer start(Path dataDir, int grpcPort, int httpPort, Map<String, String> settings) {
        // Command-line arguments outrank anything the host put in system properties or the environment.
        List<String> arguments = new ArrayList<>();
        settings.forEach((name, value) -> arguments.add("--" + name + "=" + value));
        arguments.addAll(List.of(
                "--spring.config.name=" + AxonServerApplication.CONFIG_NAME,
                "--axonserver.data-dir=" + dataDir.toAbsolutePath(),
                "--axonserver.grpc-port=" + grpcPort,
                "--axonserver.address=" + LOOPBACK,
                "--server.port=" + httpPort,
                "--server.address=" + LOOPBACK));
        return run(arguments);
    }

    /** Starts a server with exactly these command-line arguments, e.g. to listen beyond loopback. */
    static EmbeddedAxonServer run(List<String> arguments) {
        SpringApplication application = AxonServerApplication.application();
        // The host has configured logging already; re-initialising it would override the host's settings.
        application.setListeners(application.getListeners().stream()
                .filter(listener -> !(listener instanceof LoggingApplicationListener))
                .toList());
        return new EmbeddedAxonServer(application.run(arguments.toArray(String[]::new)));
    }

    public int grpcPort() {
        return grpcPort;
    }

    public int httpPort() {
        return httpPort;
    }

    /** The value for a client's {@code axon.axonserver.servers}. */
    public String servers() {
        return "localhost:" + grpcPort;
    }

    /** A bean of the server itself, for tests that check what it recorded (routers, registry, meters). */
    public <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    ConfigurableApplicationContext context() {
        return context;
    }

    /** Stops both ports and closes the store. */
    @Override
    public void close() {
        context.close();
    }
}
