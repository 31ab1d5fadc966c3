package org.orderplatform.axonserver.store;

import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.stereotype.Component;

import java.util.Map;
import java.util.TreeMap;

/** {@code store} in {@code /actuator/health}: up while the storage of every context is open and accepts writes. */
@Component
class StoreHealthIndicator extends AbstractHealthIndicator {

    private final EventStorages storages;

    StoreHealthIndicator(EventStorages storages) {
        this.storages = storages;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        Map<String, Object> contexts = new TreeMap<>();
        boolean allWritable = true;
        for (EventStorage storage : storages.all().values()) {
            boolean writable = storage.writable();
            allWritable &= writable;
            contexts.put(storage.context(), Map.of(
                    "writable", writable,
                    "events", storage.eventCount(),
                    "snapshots", storage.snapshotCount(),
                    "bytes", storage.storageSizeBytes()));
        }
        (allWritable ? builder.up() : builder.down()).withDetail("contexts", contexts);
    }
}
