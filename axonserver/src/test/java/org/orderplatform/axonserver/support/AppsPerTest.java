package org.orderplatform.axonserver.support;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.ArrayList;
import java.util.List;

/**
 * Axon applications (and whatever else a test opens) on a {@link ServerPerClass} server, closed after each test in
 * the reverse order of starting. Registered after the server:
 * {@code @RegisterExtension static final AppsPerTest APPS = new AppsPerTest(SERVER);}.
 */
public final class AppsPerTest implements AfterEachCallback {

    private final ServerPerClass server;
    private final List<AutoCloseable> started = new ArrayList<>();

    public AppsPerTest(ServerPerClass server) {
        this.server = server;
    }

    /** An application with the given handlers, its events kept in memory, connected as {@code clientId}. */
    public AxonApp start(String component, String clientId, Object... handlers) {
        return add(AxonApp.builder(server.get().servers(), component, clientId).handlers(handlers).eventsInMemory().start());
    }

    public <T extends AutoCloseable> T add(T closeable) {
        started.add(closeable);
        return closeable;
    }

    /** Closes one early, for a test about what happens when it goes away. */
    public void close(AutoCloseable closeable) throws Exception {
        started.remove(closeable);
        closeable.close();
    }

    /** A component of the server, to look at what it saw. */
    public <T> T bean(Class<T> type) {
        return server.get().bean(type);
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        try {
            for (int i = started.size() - 1; i >= 0; i--) {
                started.get(i).close();
            }
        } finally {
            started.clear();
        }
    }
}
