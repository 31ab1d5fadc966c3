package org.orderplatform.axonserver.store;

import io.micrometer.core.instrument.MeterRegistry;
import org.orderplatform.axonserver.AxonServerProperties;
import org.orderplatform.axonserver.grpc.ErrorCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.TreeMap;

/** The {@link EventStorage} of every configured context, each in {@code dataDir/<context>}, open for the app's life. */
@Component
public class EventStorages implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(EventStorages.class);

    private final DataDirectoryLock lock;
    private final Map<String, EventStorage> byContext;

    public EventStorages(AxonServerProperties properties, MeterRegistry registry) {
        try {
            lock = DataDirectoryLock.take(properties.dataDir());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock the data directory " + properties.dataDir(), e);
        }
        Map<String, EventStorage> opened = new TreeMap<>();
        try {
            for (String context : properties.contexts()) {
                opened.put(context, EventStorage.open(context, properties.dataDir().resolve(context), registry,
                        properties.minFreeSpace()));
            }
        } catch (IOException e) {
            closeAll(opened);
            release();
            throw new UncheckedIOException("cannot open the event store in " + properties.dataDir(), e);
        } catch (RuntimeException e) {
            closeAll(opened);
            release();
            throw e;
        }
        byContext = Map.copyOf(opened);
    }

    /** The storage of {@code context}; fails with the gRPC error for an unknown context. */
    public EventStorage forContext(String context) {
        EventStorage storage = byContext.get(context);
        if (storage == null) {
            throw ErrorCode.CONTEXT_NOT_FOUND.exception("Unknown context: " + context);
        }
        return storage;
    }

    public Map<String, EventStorage> all() {
        return byContext;
    }

    /** Runs after the gRPC server has stopped (lifecycle beans stop before singletons are destroyed). */
    @Override
    public void destroy() {
        closeAll(byContext);
        release();
    }

    private void release() {
        try {
            lock.close();
        } catch (IOException e) {
            log.warn("Releasing the data directory's lock failed", e);
        }
    }

    private static void closeAll(Map<String, EventStorage> storages) {
        storages.forEach((context, storage) -> {
            try {
                storage.close();
            } catch (IOException e) {
                log.warn("Context {}: closing the event store failed", context, e);
            }
        });
    }
}
