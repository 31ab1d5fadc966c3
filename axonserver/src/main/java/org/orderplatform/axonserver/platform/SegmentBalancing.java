package org.orderplatform.axonserver.platform;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * How the server spreads the segments of a streaming event processor over the instances that run it, bound from
 * {@code axonserver.segment-balancing.*} (environment: {@code AXONSERVER_SEGMENT_BALANCING_INTERVAL}).
 *
 * @param interval how often each processor is looked at, and so at most how often one of its segments is moved; long
 *                 enough for a released segment to be claimed and reported (a pooled processor claims every 5 s by
 *                 default). Zero leaves segments where the instances claimed them, as AxonIQ's Standard Edition does
 */
@ConfigurationProperties("axonserver.segment-balancing")
public record SegmentBalancing(@DefaultValue("15s") Duration interval) {

    public SegmentBalancing {
        if (interval.isNegative()) {
            throw new IllegalArgumentException("axonserver.segment-balancing.interval must not be negative, was "
                    + interval);
        }
    }
}
