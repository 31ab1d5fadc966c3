package org.orderplatform.axonserver.api;

import org.orderplatform.axonserver.AxonServerProperties;
import org.orderplatform.axonserver.store.EventStorage;
import org.orderplatform.axonserver.store.EventStorages;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.info.BuildProperties;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** What the server is and how its store is doing. */
@RestController
@RequestMapping("/v1")
class StatusController {

    private final AxonServerProperties properties;
    private final EventStorages storages;
    private final String version;
    private final Clock clock = Clock.systemUTC();
    private final Instant startedAt = clock.instant();

    StatusController(AxonServerProperties properties, EventStorages storages, ObjectProvider<BuildProperties> build) {
        this.properties = properties;
        this.storages = storages;
        BuildProperties info = build.getIfAvailable();
        this.version = info != null ? info.getVersion() : "unknown";
    }

    @GetMapping("/status")
    Status status() {
        List<ContextStatus> contexts = storages.all().values().stream().map(ContextStatus::of).toList();
        Duration uptime = Duration.between(startedAt, clock.instant());
        return new Status(version, properties.name(), startedAt, uptime.toMillis(),
                contexts.stream().allMatch(ContextStatus::writable) ? "UP" : "DOWN",
                contexts.stream().mapToLong(ContextStatus::storageBytes).sum(),
                contexts.stream().mapToLong(ContextStatus::events).sum(),
                contexts.stream().mapToLong(ContextStatus::snapshots).sum(),
                contexts);
    }

    /**
     * @param storeHealth  UP while every context accepts writes, as {@code /actuator/health} reports it
     * @param storageBytes bytes on disk over all contexts
     */
    record Status(String version, String name, Instant startedAt, long uptimeMillis, String storeHealth,
                  long storageBytes, long events, long snapshots, List<ContextStatus> contexts) {
    }

    /** @param headToken the token of the newest event, -1 when there is none */
    record ContextStatus(String context, long events, long snapshots, long headToken, long storageBytes,
                         boolean writable) {

        static ContextStatus of(EventStorage storage) {
            return new ContextStatus(storage.context(), storage.eventCount(), storage.snapshotCount(),
                    storage.lastToken(), storage.storageSizeBytes(), storage.writable());
        }
    }
}
