package org.orderplatform.notification.deadletter;

/** The headers this service adds to the records it dead-letters or resends, beside Spring Kafka's {@code kafka_dlt-*}. */
public final class DeadLetterHeaders {

    /** Why the record was dead-lettered: the listener's own exception, its class and message. */
    public static final String REASON = "notification-dead-letter-reason";
    /** How often an operator resent the record; it survives the next dead-lettering, which keeps every header. */
    public static final String RESENDS = "notification-resends";

    private DeadLetterHeaders() {
    }
}
