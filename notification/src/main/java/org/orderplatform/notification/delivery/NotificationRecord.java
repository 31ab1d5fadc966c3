package org.orderplatform.notification.delivery;

import org.orderplatform.notification.email.EmailKind;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.index.Indexed;
import org.springframework.data.mongodb.core.mapping.Document;

import java.time.Instant;

/**
 * One fact's email, keyed by the event identifier: recorded as {@code SENDING} before the SMTP server is asked and
 * as {@code SENT} or {@code SKIPPED} after, so that a redelivered event finds it.
 */
@Document("notifications")
record NotificationRecord(@Id String eventId, @Indexed String orderId, EmailKind kind, String to, String messageId,
                          Status status, Instant occurredAt, Instant firstAttemptAt, Instant sentAt) {

    enum Status {
        SENDING,
        SENT,
        SKIPPED
    }

    boolean done() {
        return status != Status.SENDING;
    }
}
