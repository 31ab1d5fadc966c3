package org.orderplatform.notification.inbound;

import java.time.Instant;

/**
 * One fact from the order platform as the bridge published it.
 *
 * @param eventId    the event's identifier in the event store: the key for exactly one email per fact
 * @param type       the event's type name, as in the {@code axon-message-type} header
 * @param occurredAt when the event was created, just before it was appended
 * @param payload    the event record
 */
public record PublishedEvent(String eventId, String type, Instant occurredAt, Object payload) {
}
