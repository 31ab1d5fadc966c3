package org.orderplatform.order.query.replay;

import java.time.Instant;
import java.util.Map;

/**
 * What the {@code projections} collection records about one projection: the collection reads go to, and while a
 * replay runs, the collection it is rebuilt into, which node resets the tokens, and how far each segment got.
 */
record ProjectionState(String name,
                       Phase phase,
                       long replayId,
                       String live,
                       String target,
                       String coordinator,
                       Instant heartbeat,
                       Map<Integer, SegmentReport> segments) {

    /** LIVE serves and feeds one collection; a replay first resets the tokens, then rebuilds into its target. */
    enum Phase {
        LIVE,
        RESETTING,
        REBUILDING;

        String state() {
            return this == LIVE ? "LIVE" : "REPLAYING";
        }
    }

    /**
     * The collection the processor writes to: the target once the tokens are reset, the live one before; processors
     * still running on the old tokens while the reset waits must not write into the target.
     */
    String writeCollection() {
        return phase == Phase.REBUILDING ? target : live;
    }

    /** A segment's progress as the node that claimed it last saw it, for the replay this state belongs to. */
    record SegmentReport(long replayId, Long position, boolean replaying, boolean caughtUp, String node, Instant at) {
    }
}
