package org.orderplatform.axonserver.store;

import io.axoniq.axonserver.grpc.event.Event;

/** An event with its global token (its position in the context's event log). */
public record StoredEvent(long token, Event event) {
}
