package org.orderplatform.axonserver.platform;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How many messages may wait for a client's permits on one stream, bound from {@code axonserver.queue-capacity.*}
 * (environment: {@code AXONSERVER_COMMAND_QUEUE_CAPACITY}, {@code AXONSERVER_QUERY_QUEUE_CAPACITY},
 * {@code AXONSERVER_UPDATE_QUEUE_CAPACITY}), so a client that stops granting permits cannot grow the server's memory.
 *
 * @param commands commands per command handler connection; beyond that a command goes to another instance with room,
 *                 or is refused. AxonIQ's {@code axoniq.axonserver.command-queue-capacity-per-client}
 * @param queries  queries per query handler connection; beyond that a query is refused. AxonIQ's
 *                 {@code axoniq.axonserver.query-queue-capacity-per-client}
 * @param updates  subscription query updates per subscriber's stream; one more ends the stream with an error
 */
@ConfigurationProperties("axonserver.queue-capacity")
public record QueueCapacity(@DefaultValue("10000") int commands,
                            @DefaultValue("10000") int queries,
                            @DefaultValue("10000") int updates) {

    public QueueCapacity {
        if (commands < 1 || queries < 1 || updates < 1) {
            throw new IllegalArgumentException("axonserver.queue-capacity.* must be at least 1, not commands="
                    + commands + ", queries=" + queries + ", updates=" + updates);
        }
    }
}
