package org.orderplatform.order.query.replay;

import com.mongodb.client.MongoCollection;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.StreamableMessageSource;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The replayable projections of this service: where their documents are read and written, their status, and replay
 * requests. Runs every projection's coordination loop on one scheduler thread.
 */
public class Projections implements ProjectionCollections, SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(Projections.class);

    private final Map<String, ProjectionCoordinator> coordinators = new LinkedHashMap<>();
    private final StreamableMessageSource<?> events;
    private final ReplaySettings settings;
    private volatile ScheduledExecutorService scheduler;

    Projections(List<ProjectionCoordinator> coordinators, StreamableMessageSource<?> events, ReplaySettings settings) {
        coordinators.forEach(coordinator -> this.coordinators.put(coordinator.name(), coordinator));
        this.events = events;
        this.settings = settings;
    }

    @Override
    public MongoCollection<Document> liveCollection(String name) {
        return coordinator(name).liveCollection();
    }

    @Override
    public MongoCollection<Document> writeCollection(String name) {
        return coordinator(name).writeCollection();
    }

    public List<ProjectionStatus> statuses() {
        Long head = head();
        return coordinators.values().stream().map(coordinator -> status(coordinator.state(), head)).toList();
    }

    public Optional<ProjectionStatus> status(String name) {
        return Optional.ofNullable(coordinators.get(name)).map(coordinator -> status(coordinator.state(), head()));
    }

    /** Empty for an unknown projection; not started when a replay of it is already running. */
    public Optional<ReplayRequest> replay(String name) {
        ProjectionCoordinator coordinator = coordinators.get(name);
        if (coordinator == null) {
            return Optional.empty();
        }
        Optional<ProjectionState> started = coordinator.beginReplay();
        started.ifPresent(state -> log.info("Replay {} of projection {} requested", state.replayId(), name));
        ProjectionState state = started.orElseGet(coordinator::state);
        return Optional.of(new ReplayRequest(started.isPresent(), status(state, head())));
    }

    private ProjectionCoordinator coordinator(String name) {
        ProjectionCoordinator coordinator = coordinators.get(name);
        if (coordinator == null) {
            throw new IllegalArgumentException("no projection named " + name);
        }
        return coordinator;
    }

    private static ProjectionStatus status(ProjectionState state, Long head) {
        Long position = state.segments().values().stream()
                .filter(report -> report.replayId() == state.replayId() && report.position() != null)
                .map(ProjectionState.SegmentReport::position)
                .min(Long::compare)
                .orElse(null);
        return new ProjectionStatus(state.name(), state.phase().state(), position, head);
    }

    private Long head() {
        TrackingToken head = events.createHeadToken();
        return head == null || head.position().isEmpty() ? null : head.position().getAsLong();
    }

    @Override
    public void start() {
        coordinators.values().forEach(ProjectionCoordinator::initialize);
        ScheduledExecutorService started = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "projection-coordinator");
            thread.setDaemon(true);
            return thread;
        });
        long interval = settings.pollInterval().toMillis();
        started.scheduleWithFixedDelay(() -> coordinators.values().forEach(coordinator -> {
            try {
                coordinator.tick(started);
            } catch (Exception e) {
                log.warn("Coordinating projection {} failed; trying again in {} ms", coordinator.name(), interval, e);
            }
        }), interval, interval, TimeUnit.MILLISECONDS);
        scheduler = started;
    }

    @Override
    public void stop() {
        ScheduledExecutorService running = scheduler;
        scheduler = null;
        if (running != null) {
            running.shutdownNow();
        }
    }

    @Override
    public boolean isRunning() {
        return scheduler != null;
    }
}
