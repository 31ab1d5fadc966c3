package org.orderplatform.notification.deadletter;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.orderplatform.notification.inbound.PublishedEvents;
import org.springframework.kafka.support.KafkaHeaders;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * A record waiting on the dead-letter topic, as an operator sees it: which fact, from where, why it failed and how
 * often. Never its payload, which may carry a payment token.
 *
 * @param processor      the consumer group that could not handle it
 * @param aggregateId    the record's key, the order id
 * @param cause          the exception that made the consumer give up, its class and message
 * @param attempts       how often it was dead-lettered: once, and once more for each resend that failed again
 * @param deadLetteredAt when it was written to the dead-letter topic
 */
record DeadLetter(String id, String processor, String eventType, String eventId, String aggregateId, String cause,
                  int attempts, String sourceTopic, Integer sourcePartition, Long sourceOffset, Instant deadLetteredAt) {

    static DeadLetter of(ConsumerRecord<String, byte[]> record) {
        Headers headers = record.headers();
        String resends = text(headers, DeadLetterHeaders.RESENDS);
        ByteBuffer sourcePartition = binary(headers, KafkaHeaders.DLT_ORIGINAL_PARTITION, Integer.BYTES);
        ByteBuffer sourceOffset = binary(headers, KafkaHeaders.DLT_ORIGINAL_OFFSET, Long.BYTES);
        return new DeadLetter(new DeadLetterId(record.partition(), record.offset()).toString(),
                text(headers, KafkaHeaders.DLT_ORIGINAL_CONSUMER_GROUP),
                text(headers, PublishedEvents.EVENT_TYPE_HEADER),
                eventId(record),
                record.key(),
                cause(headers),
                1 + (resends == null ? 0 : Integer.parseInt(resends)),
                sourceTopic(record),
                sourcePartition == null ? null : sourcePartition.getInt(),
                sourceOffset == null ? null : sourceOffset.getLong(),
                Instant.ofEpochMilli(record.timestamp()));
    }

    static String eventId(ConsumerRecord<String, byte[]> record) {
        return text(record.headers(), PublishedEvents.EVENT_ID_HEADER);
    }

    static String sourceTopic(ConsumerRecord<String, byte[]> record) {
        return text(record.headers(), KafkaHeaders.DLT_ORIGINAL_TOPIC);
    }

    /**
     * This service's reason, which names the listener's own exception; for a record that another writer dead-lettered,
     * Spring Kafka's headers: the root cause's class and the exception's message.
     */
    private static String cause(Headers headers) {
        String reason = text(headers, DeadLetterHeaders.REASON);
        return reason != null ? reason : text(headers, KafkaHeaders.DLT_EXCEPTION_CAUSE_FQCN) + ": "
                + text(headers, KafkaHeaders.DLT_EXCEPTION_MESSAGE);
    }

    private static String text(Headers headers, String name) {
        Header header = headers.lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /** Spring Kafka writes the original partition as 4 bytes and the offset as 8, big-endian. */
    private static ByteBuffer binary(Headers headers, String name, int length) {
        Header header = headers.lastHeader(name);
        return header == null || header.value() == null || header.value().length != length ? null
                : ByteBuffer.wrap(header.value());
    }
}
