package org.orderplatform.axonserver.support;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.orderplatform.axonserver.EmbeddedAxonServer;
import org.springframework.util.FileSystemUtils;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One embedded server for all tests of a class, on a fresh data directory removed afterwards:
 * {@code @RegisterExtension static final ServerPerClass server = new ServerPerClass();}.
 */
public final class ServerPerClass implements BeforeAllCallback, AfterAllCallback {

    private Path dataDir;
    private EmbeddedAxonServer server;

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        dataDir = Files.createTempDirectory("axonserver-it");
        server = EmbeddedAxonServer.start(dataDir);
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
