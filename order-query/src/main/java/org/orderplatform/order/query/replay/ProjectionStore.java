package org.orderplatform.order.query.replay;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.orderplatform.order.query.replay.ProjectionState.Phase;
import org.orderplatform.order.query.replay.ProjectionState.SegmentReport;
import org.springframework.data.mongodb.core.MongoTemplate;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The {@code projections} collection: one document per projection. Every change of phase is a conditional update of
 * that single document, so instances that race for the same step agree on one winner without transactions.
 */
class ProjectionStore {

    static final String COLLECTION = "projections";

    private final MongoTemplate mongo;

    ProjectionStore(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    ProjectionState ensure(String name, String firstCollection) {
        documents().updateOne(Filters.eq("_id", name),
                Updates.combine(
                        Updates.setOnInsert("phase", Phase.LIVE.name()),
                        Updates.setOnInsert("replayId", 0L),
                        Updates.setOnInsert("live", firstCollection)),
                new UpdateOptions().upsert(true));
        return load(name).orElseThrow();
    }

    Optional<ProjectionState> load(String name) {
        return Optional.ofNullable(documents().find(Filters.eq("_id", name)).first()).map(ProjectionStore::state);
    }

    /** Starts a replay if the projection is live; empty if a replay is already running. */
    Optional<ProjectionState> beginReplay(ProjectionState live, String target, String node, Instant now) {
        Document updated = documents().findOneAndUpdate(
                Filters.and(Filters.eq("_id", live.name()), Filters.eq("phase", Phase.LIVE.name()),
                        Filters.eq("replayId", live.replayId())),
                Updates.combine(
                        Updates.set("phase", Phase.RESETTING.name()),
                        Updates.set("replayId", live.replayId() + 1),
                        Updates.set("target", target),
                        Updates.set("coordinator", node),
                        Updates.set("heartbeat", Date.from(now)),
                        Updates.set("startedAt", Date.from(now)),
                        Updates.unset("finishedAt")),
                new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER));
        return Optional.ofNullable(updated).map(ProjectionStore::state);
    }

    /** Keeps the coordinator's claim on the reset step fresh, or hands it to {@code node} once it went stale. */
    boolean claimReset(ProjectionState state, String node, Instant now, Instant staleBefore) {
        Bson mine = Filters.eq("coordinator", node);
        Bson stale = Filters.lt("heartbeat", Date.from(staleBefore));
        return documents().updateOne(
                Filters.and(inPhase(state, Phase.RESETTING), Filters.or(mine, stale)),
                Updates.combine(Updates.set("coordinator", node), Updates.set("heartbeat", Date.from(now))))
                .getModifiedCount() == 1;
    }

    boolean resetDone(ProjectionState state) {
        return documents().updateOne(inPhase(state, Phase.RESETTING),
                Updates.set("phase", Phase.REBUILDING.name())).getModifiedCount() == 1;
    }

    /** Points reads at the rebuilt collection; only one instance wins, and only once per replay. */
    boolean swap(ProjectionState state, Instant now) {
        return documents().updateOne(inPhase(state, Phase.REBUILDING),
                Updates.combine(
                        Updates.set("phase", Phase.LIVE.name()),
                        Updates.set("live", state.target()),
                        Updates.set("previous", state.live()),
                        Updates.set("finishedAt", Date.from(now)),
                        Updates.unset("target"),
                        Updates.unset("coordinator"))).getModifiedCount() == 1;
    }

    void report(String name, Map<Integer, SegmentReport> reports) {
        if (reports.isEmpty()) {
            return;
        }
        List<Bson> sets = new ArrayList<>();
        reports.forEach((segment, report) -> sets.add(Updates.set("segments.s" + segment, new Document()
                .append("replayId", report.replayId())
                .append("position", report.position())
                .append("replaying", report.replaying())
                .append("caughtUp", report.caughtUp())
                .append("node", report.node())
                .append("at", Date.from(report.at())))));
        documents().updateOne(Filters.eq("_id", name), Updates.combine(sets));
    }

    private static Bson inPhase(ProjectionState state, Phase phase) {
        return Filters.and(Filters.eq("_id", state.name()), Filters.eq("replayId", state.replayId()),
                Filters.eq("phase", phase.name()));
    }

    private MongoCollection<Document> documents() {
        return mongo.getCollection(COLLECTION);
    }

    private static ProjectionState state(Document document) {
        Map<Integer, SegmentReport> segments = new TreeMap<>();
        Document reported = document.get("segments", Document.class);
        if (reported != null) {
            reported.forEach((key, value) -> {
                Document report = (Document) value;
                Number position = report.get("position", Number.class);
                segments.put(Integer.parseInt(key.substring(1)), new SegmentReport(
                        report.get("replayId", Number.class).longValue(),
                        position == null ? null : position.longValue(),
                        report.getBoolean("replaying"), report.getBoolean("caughtUp"), report.getString("node"),
                        report.getDate("at").toInstant()));
            });
        }
        Date heartbeat = document.getDate("heartbeat");
        return new ProjectionState(document.getString("_id"), Phase.valueOf(document.getString("phase")),
                document.get("replayId", Number.class).longValue(), document.getString("live"),
                document.getString("target"), document.getString("coordinator"),
                heartbeat == null ? null : heartbeat.toInstant(), segments);
    }
}
