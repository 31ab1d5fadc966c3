package org.orderplatform.order.query.replay;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.orderplatform.infra.EmbeddedMongo;
import org.orderplatform.order.query.replay.ProjectionState.Phase;
import org.orderplatform.order.query.replay.ProjectionState.SegmentReport;
import org.springframework.data.mongodb.core.MongoTemplate;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ProjectionStoreTest {

    private static final EmbeddedMongo mongo = EmbeddedMongo.start();
    private static final MongoClient client = MongoClients.create(mongo.connectionString());
    private static final Instant NOW = Instant.parse("2026-11-02T10:00:00Z");
    private static final Duration LEASE = Duration.ofSeconds(30);

    private ProjectionStore store;

    @BeforeEach
    void freshStore() {
        MongoTemplate template = new MongoTemplate(client, "orders-query");
        template.dropCollection(ProjectionStore.COLLECTION);
        store = new ProjectionStore(template);
    }

    @AfterAll
    static void stop() {
        client.close();
        mongo.close();
    }

    @Test
    void aNewProjectionIsLiveOnItsFirstCollectionAndStaysSo() {
        ProjectionState first = store.ensure("orders", "orders_v1");
        ProjectionState again = store.ensure("orders", "orders_v9");

        assertThat(first.phase()).isEqualTo(Phase.LIVE);
        assertThat(first.live()).isEqualTo("orders_v1");
        assertThat(first.writeCollection()).isEqualTo("orders_v1");
        assertThat(again).isEqualTo(first);
    }

    @Test
    void onlyOneReplayStartsAtATime() {
        ProjectionState live = store.ensure("orders", "orders_v1");

        var started = store.beginReplay(live, "orders_v2", "node-a", NOW);
        var second = store.beginReplay(live, "orders_v2", "node-b", NOW);
        var afterReload = store.beginReplay(store.load("orders").orElseThrow(), "orders_v3", "node-b", NOW);

        assertThat(started).get().satisfies(state -> {
            assertThat(state.phase()).isEqualTo(Phase.RESETTING);
            assertThat(state.replayId()).isEqualTo(1);
            assertThat(state.target()).isEqualTo("orders_v2");
            assertThat(state.coordinator()).isEqualTo("node-a");
            assertThat(state.writeCollection()).as("writes stay on the live collection until the reset")
                    .isEqualTo("orders_v1");
        });
        assertThat(second).isEmpty();
        assertThat(afterReload).isEmpty();
    }

    @Test
    void theResetStaysWithItsCoordinatorUntilItsLeaseRunsOut() {
        ProjectionState resetting = store.beginReplay(store.ensure("orders", "orders_v1"), "orders_v2", "node-a", NOW)
                .orElseThrow();

        boolean otherWhileFresh = store.claimReset(resetting, "node-b", NOW.plusSeconds(5), NOW.plusSeconds(5).minus(LEASE));
        boolean coordinator = store.claimReset(resetting, "node-a", NOW.plusSeconds(10), NOW.plusSeconds(10).minus(LEASE));
        boolean otherAfterLease = store.claimReset(resetting, "node-b", NOW.plusSeconds(41), NOW.plusSeconds(41).minus(LEASE));

        assertThat(otherWhileFresh).isFalse();
        assertThat(coordinator).isTrue();
        assertThat(otherAfterLease).isTrue();
        assertThat(store.load("orders").orElseThrow().coordinator()).isEqualTo("node-b");
    }

    @Test
    void aRebuiltProjectionSwapsOnceAndServesTheTarget() {
        ProjectionState resetting = store.beginReplay(store.ensure("orders", "orders_v1"), "orders_v2", "node-a", NOW)
                .orElseThrow();

        assertThat(store.resetDone(resetting)).isTrue();
        assertThat(store.resetDone(resetting)).isFalse();
        ProjectionState rebuilding = store.load("orders").orElseThrow();
        assertThat(rebuilding.phase()).isEqualTo(Phase.REBUILDING);
        assertThat(rebuilding.writeCollection()).isEqualTo("orders_v2");
        assertThat(rebuilding.live()).isEqualTo("orders_v1");

        assertThat(store.swap(rebuilding, NOW)).isTrue();
        assertThat(store.swap(rebuilding, NOW)).isFalse();
        ProjectionState live = store.load("orders").orElseThrow();
        assertThat(live.phase()).isEqualTo(Phase.LIVE);
        assertThat(live.live()).isEqualTo("orders_v2");
        assertThat(live.target()).isNull();
        assertThat(store.beginReplay(live, "orders_v3", "node-b", NOW)).isPresent();
    }

    @Test
    void segmentReportsAreKeptPerSegment() {
        store.ensure("orders", "orders_v1");

        store.report("orders", Map.of(0, new SegmentReport(0, 41L, false, true, "node-a", NOW),
                1, new SegmentReport(0, null, false, false, "node-b", NOW)));
        store.report("orders", Map.of(1, new SegmentReport(0, 40L, true, false, "node-b", NOW.plusSeconds(1))));

        assertThat(store.load("orders").orElseThrow().segments()).containsExactlyInAnyOrderEntriesOf(Map.of(
                0, new SegmentReport(0, 41L, false, true, "node-a", NOW),
                1, new SegmentReport(0, 40L, true, false, "node-b", NOW.plusSeconds(1))));
    }
}
