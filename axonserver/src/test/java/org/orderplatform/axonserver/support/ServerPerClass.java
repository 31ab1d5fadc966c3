package org.orderplatform.axonserver.support;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.orderplatform.axonserver.EmbeddedAxonServer;
import org.springframework.util.FileSystemUtils;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * One embedded server for all tests of a class, on a fresh data directory removed afterwards:
 * {@code @RegisterExtension static final ServerPerClass server = new ServerPerClass();}.
 */
public final class ServerPerClass implements BeforeAllCallback, AfterAllCallback {

    private final Map<String, String> settings;
    private Path dataDir;
    private EmbeddedAxonServer server;

    public ServerPerClass() {
        this(Map.of());
    }

    /** A server with further settings of {@code axonserver.yml}, e.g. a short {@code axonserver.command-timeout}. */
    public ServerPerClass(Map<String, String> settings) {
        this.settings = settings;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        dataDir = Files.createTempDirectory("axonserver-it");
        server = EmbeddedAxonServer.start(dataDir, 0, 0, settings);
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        server.close();
        FileSystemUtils.deleteRecursively(dataDir);
    }

    public EmbeddedAxonServer get() {
        return server;
    }
}
