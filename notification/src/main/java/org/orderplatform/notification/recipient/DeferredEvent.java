package org.orderplatform.notification.recipient;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.index.Indexed;
import org.springframework.data.mongodb.core.mapping.Document;

import java.time.Instant;

/** An event about an order whose {@code OrderPlacedEvent} has not arrived yet, kept until it does. */
@Document("deferred_events")
public record DeferredEvent(@Id String eventId, @Indexed String orderId, String type, Instant occurredAt,
                            String payloadJson, Instant deferredAt) {
}
