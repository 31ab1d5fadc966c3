package org.orderplatform.notification.delivery;

import org.orderplatform.notification.email.EmailKind;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.index.Indexed;
import org.springframework.data.mongodb.core.mapping.Document;

import java.time.Instant;

/**
 * One fact's email, keyed by the event identifier: recorded as {@code SENDING} before the SMTP server is asked and
 * as {@code SENT}, {@code SKIPPED} or {@code UNDELIVERABLE} after, so that a redelivered event finds it.
 *
 * @param failure why an {@code UNDELIVERABLE} email can never be sent, such as the SMTP server's refusal
 */
@Document("notifications")
record NotificationRecord(@Id String eventId, @Indexed String orderId, EmailKind kind, String to, String messageId,
                          Status status, Instant occurredAt, Instant firstAttemptAt, Instant sentAt, String failure) {

    enum Status {
        SENDING,
        SENT,
        SKIPPED,
        UNDELIVERABLE
    }

    boolean done() {
        return status != Status.SENDING;
    }
}
