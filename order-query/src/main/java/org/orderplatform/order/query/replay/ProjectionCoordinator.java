package org.orderplatform.order.query.replay;

import com.mongodb.client.MongoCollection;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.UnableToClaimTokenException;
import org.bson.Document;
import org.orderplatform.order.query.replay.ProjectionState.Phase;
import org.orderplatform.order.query.replay.ProjectionState.SegmentReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.mongodb.core.MongoTemplate;

import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One instance's part in keeping one projection live and in replaying it. Every instance runs the same loop over the
 * projection's document; the document, changed only by conditional updates, says who does what:
 * <ol>
 *     <li>RESETTING: every instance stops its processor, which releases its segment claims; the coordinating
 *     instance resets the tokens once all segments are claimable (a dead instance's claims time out).</li>
 *     <li>REBUILDING: every instance starts its processor again, writing into the target collection, and reports
 *     its segments' progress; once all segments are past the reset point and caught up, one instance points reads
 *     at the target.</li>
 * </ol>
 */
class ProjectionCoordinator {

    private static final Logger log = LoggerFactory.getLogger(ProjectionCoordinator.class);

    private final ReplayableProjection projection;
    private final ProjectionStore store;
    private final MongoTemplate mongo;
    private final EventProcessingConfiguration processing;
    private final TokenStore tokens;
    private final ReplaySettings settings;
    private final String node;
    private final Clock clock;

    private volatile String writeCollection;
    private volatile long startedForReplay = -1;
    private volatile boolean stoppedForReplay;

    ProjectionCoordinator(ReplayableProjection projection, ProjectionStore store, MongoTemplate mongo,
                          EventProcessingConfiguration processing, TokenStore tokens, ReplaySettings settings,
                          String node, Clock clock) {
        this.projection = projection;
        this.store = store;
        this.mongo = mongo;
        this.processing = processing;
        this.tokens = tokens;
        this.settings = settings;
        this.node = node;
        this.clock = clock;
    }

    String name() {
        return projection.name();
    }

    /** Makes sure the projection's document and live collection exist, and picks the collection to write to. */
    synchronized ProjectionState initialize() {
        ProjectionState state = store.ensure(projection.name(), collectionName(1));
        projection.prepare(mongo.getCollection(state.live()));
        if (writeCollection == null) {
            // A processor Axon starts now runs on the tokens as they are: reset already if the replay is rebuilding.
            writeCollection = state.phase() == Phase.REBUILDING ? state.target() : state.live();
            startedForReplay = state.phase() == Phase.RESETTING ? -1 : state.replayId();
        }
        return state;
    }

    MongoCollection<Document> writeCollection() {
        String name = writeCollection;
        if (name == null) {
            initialize();
            name = writeCollection;
        }
        return mongo.getCollection(name);
    }

    MongoCollection<Document> liveCollection() {
        return mongo.getCollection(state().live());
    }

    ProjectionState state() {
        return store.load(projection.name()).orElseGet(this::initialize);
    }

    /** Starts a replay unless one runs; the loop of every instance takes it from there. */
    Optional<ProjectionState> beginReplay() {
        ProjectionState state = state();
        if (state.phase() != Phase.LIVE) {
            return Optional.empty();
        }
        return store.beginReplay(state, collectionName(state.replayId() + 2), node, clock.instant());
    }

    /** Called by one scheduler thread only; never holds a lock the processor's threads wait for. */
    void tick(ScheduledExecutorService scheduler) throws Exception {
        Optional<StreamingEventProcessor> found =
                processing.eventProcessor(projection.processorName(), StreamingEventProcessor.class);
        if (found.isEmpty()) {
            return;
        }
        StreamingEventProcessor processor = found.get();
        ProjectionState state = state();
        switch (state.phase()) {
            case LIVE -> {
                if (stoppedForReplay && !processor.isRunning()) {
                    start(processor, state);
                }
                report(processor, state);
            }
            case RESETTING -> {
                if (processor.isRunning()) {
                    log.info("Stopping processor {} for replay {} of {}", processor.getName(), state.replayId(), name());
                    processor.shutdownAsync().get(settings.claimTimeout().toMillis() * 3, TimeUnit.MILLISECONDS);
                    stoppedForReplay = true;
                }
                Instant now = clock.instant();
                if (store.claimReset(state, node, now, now.minus(settings.coordinatorLease()))) {
                    reset(processor, state);
                }
            }
            case REBUILDING -> {
                if (startedForReplay != state.replayId()) {
                    if (processor.isRunning()) {
                        processor.shutdownAsync().get(settings.claimTimeout().toMillis() * 3, TimeUnit.MILLISECONDS);
                    }
                    start(processor, state);
                }
                report(processor, state);
                if (rebuilt(state.replayId())) {
                    swap(state, scheduler);
                }
            }
        }
    }

    /**
     * Switches reads to the rebuilt collection. Its indexes are built only now, once it has caught up: the replay
     * fills it faster without them, and it serves no reads before the swap.
     */
    private void swap(ProjectionState state, ScheduledExecutorService scheduler) {
        projection.prepare(mongo.getCollection(state.target()));
        if (store.swap(state, clock.instant())) {
            log.info("Projection {} rebuilt by replay {}: reads now go to {}", name(), state.replayId(), state.target());
            scheduler.schedule(() -> retire(state.live()), settings.retireAfter().toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void start(StreamingEventProcessor processor, ProjectionState state) {
        start(processor, state.writeCollection(), state.replayId());
    }

    private void start(StreamingEventProcessor processor, String collection, long replayId) {
        writeCollection = collection;
        startedForReplay = replayId;
        stoppedForReplay = false;
        processor.start();
    }

    private void reset(StreamingEventProcessor processor, ProjectionState state) {
        MongoCollection<Document> target = mongo.getCollection(state.target());
        // A reset that an earlier coordinator began and did not finish may have left a target behind.
        target.drop();
        dropLeftovers(state);
        try {
            processor.resetTokens();
        } catch (UnableToClaimTokenException stillClaimed) {
            log.debug("Replay {} of {} waits for segment claims: {}", state.replayId(), name(), stillClaimed.getMessage());
            return;
        }
        // The reset left every segment claimed by this instance: it rebuilds, and no instance that missed the
        // reset can take a segment and write replayed events into the old collection.
        start(processor, state.target(), state.replayId());
        if (store.resetDone(state)) {
            log.info("Processor {} reset for replay {} of {} into {}", processor.getName(), state.replayId(), name(),
                    state.target());
        }
    }

    private void report(StreamingEventProcessor processor, ProjectionState state) {
        if (!processor.isRunning() || startedForReplay != state.replayId()) {
            return;
        }
        Instant now = clock.instant();
        Map<Integer, SegmentReport> reports = new HashMap<>();
        processor.processingStatus().forEach((segment, status) -> reports.put(segment, new SegmentReport(
                state.replayId(), position(status), !pastResetPoint(status.getTrackingToken()),
                status.isCaughtUp() && !status.isErrorState(), node, now)));
        store.report(name(), reports);
    }

    private boolean rebuilt(long replayId) {
        ProjectionState state = state();
        int[] segments = tokens.fetchSegments(projection.processorName());
        return segments.length > 0 && Arrays.stream(segments).allMatch(segment -> {
            SegmentReport report = state.segments().get(segment);
            return report != null && report.replayId() == replayId && !report.replaying() && report.caughtUp();
        });
    }

    private void dropLeftovers(ProjectionState state) {
        String prefix = projection.name() + "_v";
        mongo.getCollectionNames().stream()
                .filter(name -> name.startsWith(prefix))
                .filter(name -> !name.equals(state.live()) && !name.equals(state.target()))
                .forEach(mongo::dropCollection);
    }

    private void retire(String collection) {
        try {
            ProjectionState state = state();
            if (!collection.equals(state.live()) && !collection.equals(state.target())) {
                mongo.dropCollection(collection);
            }
        } catch (RuntimeException e) {
            log.warn("Could not drop replaced collection {}; the next replay drops it", collection, e);
        }
    }

    private String collectionName(long generation) {
        return projection.name() + "_v" + generation;
    }

    /**
     * Whether a segment has handled every event that was there at the reset. Axon's own replay flag stays up until
     * an event after the reset point arrives, which may take long when no orders come in.
     */
    private static boolean pastResetPoint(TrackingToken token) {
        if (!(token instanceof ReplayToken replay)) {
            return true;
        }
        TrackingToken current = replay.getCurrentToken();
        return replay.getTokenAtReset() == null || current != null && current.covers(replay.getTokenAtReset());
    }

    private static Long position(EventTrackerStatus status) {
        TrackingToken token = status.getTrackingToken();
        if (token == null) {
            return null;
        }
        return token.position().isPresent() ? token.position().getAsLong() : null;
    }
}
