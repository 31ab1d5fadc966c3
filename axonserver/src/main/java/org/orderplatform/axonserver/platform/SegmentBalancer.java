package org.orderplatform.axonserver.platform;

import io.axoniq.axonserver.grpc.control.EventProcessorInfo;
import io.axoniq.axonserver.grpc.control.EventProcessorInfo.SegmentStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Spreads the segments of each streaming event processor evenly over the instances that run it, as the
 * "threadNumber" strategy of AxonIQ's Enterprise Edition does. Left alone, the first instance to start claims every
 * segment and one started later stands by for good; so when one instance holds two segments more than another that
 * has room, it is told to release one, which the other then claims. One segment per processor moves at a time: the
 * next only after the last was released and {@link SegmentBalancing#interval()} has passed, so the instances' own
 * claims settle in between.
 */
@Component
class SegmentBalancer {

    private static final Logger log = LoggerFactory.getLogger(SegmentBalancer.class);

    /** The instances whose claims are balanced together: one processor on one token store. */
    record ProcessorGroup(String context, String processorName, String tokenStoreIdentifier) {
    }

    /** The segments one instance has claimed, and whether it could claim more. */
    record Claims(ClientKey client, List<Integer> segments, boolean hasRoom) {
    }

    /** Which instance should release which segment. */
    record Release(ClientKey client, int segment) {
    }

    private final ClientRegistry registry;
    private final Set<ProcessorGroup> moving = ConcurrentHashMap.newKeySet();

    SegmentBalancer(ClientRegistry registry, Timers timers, SegmentBalancing settings) {
        this.registry = registry;
        if (!settings.interval().isZero()) {
            timers.every(settings.interval(), this::balance);
        }
    }

    void balance() {
        claimsByProcessor().forEach((group, claims) -> {
            if (moving.contains(group)) {
                return;
            }
            release(claims).ifPresent(release -> {
                moving.add(group);
                log.info("Processor {} in context {}: {} holds {} segments more than another instance, releasing "
                                + "segment {}", group.processorName(), group.context(), release.client().clientId(),
                        spread(claims), release.segment());
                registry.releaseSegment(release.client(), group.processorName(), release.segment()).result()
                        .whenComplete((released, failure) -> {
                            if (failure != null) {
                                log.warn("Processor {}: {} did not release segment {}: {}", group.processorName(),
                                        release.client().clientId(), release.segment(), failure.getMessage());
                            }
                            moving.remove(group);
                        });
            });
        });
    }

    /**
     * The segment to move so that the claims come closer to even: from the instance holding the most to one with room
     * holding at least two fewer; none when they are as even as they can be.
     */
    static Optional<Release> release(List<Claims> claims) {
        Optional<Claims> most = claims.stream().max(Comparator.comparingInt(held -> held.segments().size()));
        Optional<Claims> fewest = claims.stream().filter(Claims::hasRoom)
                .min(Comparator.comparingInt(held -> held.segments().size()));
        if (most.isEmpty() || fewest.isEmpty()
                || most.get().segments().size() - fewest.get().segments().size() < 2) {
            return Optional.empty();
        }
        List<Integer> segments = most.get().segments();
        return Optional.of(new Release(most.get().client(), segments.get(segments.size() - 1)));
    }

    private static int spread(List<Claims> claims) {
        int most = claims.stream().mapToInt(held -> held.segments().size()).max().orElse(0);
        int fewest = claims.stream().filter(Claims::hasRoom).mapToInt(held -> held.segments().size()).min().orElse(0);
        return most - fewest;
    }

    /** The claims of every running streaming processor that more than one instance runs. */
    private Map<ProcessorGroup, List<Claims>> claimsByProcessor() {
        Map<ProcessorGroup, List<Claims>> claims = new LinkedHashMap<>();
        for (ConnectedApplication application : registry.applications()) {
            for (EventProcessorInfo processor : application.eventProcessors()) {
                if (processor.getIsStreamingProcessor() && processor.getRunning()) {
                    claims.computeIfAbsent(new ProcessorGroup(application.client().context(),
                                    processor.getProcessorName(), processor.getTokenStoreIdentifier()),
                            group -> new ArrayList<>())
                            .add(new Claims(application.client(), processor.getSegmentStatusList().stream()
                                    .map(SegmentStatus::getSegmentId).sorted().toList(),
                                    processor.getAvailableThreads() > 0));
                }
            }
        }
        claims.values().removeIf(instances -> instances.size() < 2);
        return claims;
    }
}
