package org.orderplatform.axonserver.platform;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The messages of one kind (commands, queries, subscription query updates) waiting for their clients' permits: how
 * many may wait on each stream, and how many wait on all of them now, as the gauge {@code axonserver.messages.waiting}.
 */
public final class WaitingMessages {

    /** For a stream that sends nothing that needs a permit, such as the control stream. */
    static final WaitingMessages NONE = new WaitingMessages(0);

    private final int perStream;
    private final AtomicLong total = new AtomicLong();

    private WaitingMessages(int perStream) {
        this.perStream = perStream;
    }

    /**
     * @param kind      the gauge's {@code kind} tag: {@code commands}, {@code queries} or {@code updates}
     * @param perStream how many may wait on one stream
     */
    public static WaitingMessages of(String kind, int perStream, MeterRegistry meters) {
        WaitingMessages waiting = new WaitingMessages(perStream);
        Gauge.builder("axonserver.messages.waiting", waiting.total, AtomicLong::get)
                .description("Messages waiting for their clients' flow-control permits")
                .tag("kind", kind)
                .register(meters);
        return waiting;
    }

    int perStream() {
        return perStream;
    }

    void changedBy(int count) {
        total.addAndGet(count);
    }
}
