package org.orderplatform.axonserver.api;

import io.axoniq.axonserver.grpc.control.EventProcessorInfo;

import java.util.List;

/**
 * The latest status an application instance reported for one of its event processors.
 *
 * @param name                  the processor name
 * @param mode                  e.g. {@code Tracking}, {@code Pooled Streaming}, {@code Subscribing}
 * @param running               whether it runs
 * @param error                 whether it stopped on an error it cannot recover from
 * @param streaming             whether it is a streaming processor, which can split and merge segments
 * @param activeThreads         threads processing events
 * @param availableThreads      threads free to claim a segment
 * @param tokenStoreIdentifier  the token store it keeps its positions in
 * @param loadBalancingStrategy the load balancing strategy, when one is set
 * @param segments              the segments this instance has claimed
 */
record ProcessorView(String name, String mode, boolean running, boolean error, boolean streaming, int activeThreads,
                     int availableThreads, String tokenStoreIdentifier, String loadBalancingStrategy,
                     List<Segment> segments) {

    /**
     * A claimed segment.
     *
     * @param segment       the segment id
     * @param onePartOf     the share of the events it processes: 2 is one half, 4 one quarter
     * @param tokenPosition how far it got in the event log
     * @param caughtUp      whether it reached the head of the log
     * @param replaying     whether it replays events after a reset
     * @param error         its error, empty when none
     * @param lag           how many events of the context's log lie after its position
     */
    record Segment(int segment, int onePartOf, long tokenPosition, boolean caughtUp, boolean replaying,
                   String error, long lag) {
    }

    /** @param headToken the token of the newest event in the processor's context, -1 when there is none */
    static ProcessorView of(EventProcessorInfo info, long headToken) {
        return new ProcessorView(info.getProcessorName(), info.getMode(), info.getRunning(), info.getError(),
                info.getIsStreamingProcessor(), info.getActiveThreads(), info.getAvailableThreads(),
                info.getTokenStoreIdentifier(), info.getLoadBalancingStrategyName(),
                info.getSegmentStatusList().stream()
                        .map(status -> new Segment(status.getSegmentId(), status.getOnePartOf(),
                                status.getTokenPosition(), status.getCaughtUp(), status.getReplaying(),
                                status.getErrorState(), Math.max(0, headToken - status.getTokenPosition())))
                        .toList());
    }
}
