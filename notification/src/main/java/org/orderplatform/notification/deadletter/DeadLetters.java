package org.orderplatform.notification.deadletter;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.orderplatform.notification.delivery.Notifier;
import org.orderplatform.notification.inbound.ConsumerSettings;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What operators do with the dead-letter topic: list the records that wait, send one back to the topic it came from,
 * or drop it. Kafka deletes no single record, so a record resent or dropped is remembered ({@link SettledDeadLetters})
 * and waits no longer; asking about it again is answered as for an unknown one, saying what became of it.
 */
@Component
class DeadLetters {

    private final DeadLetterTopic topic;
    private final SettledDeadLetters settled;
    private final Notifier notifier;
    private final List<String> consumedTopics;
    private final Clock clock = Clock.systemUTC();

    DeadLetters(DeadLetterTopic topic, SettledDeadLetters settled, Notifier notifier, ConsumerSettings settings) {
        this.topic = topic;
        this.settled = settled;
        this.notifier = notifier;
        this.consumedTopics = List.of(settings.topics().orders(), settings.topics().payments());
    }

    /** The oldest records that wait, across the topic's partitions. */
    List<DeadLetter> waiting(int limit) {
        return waitingRecords(topic.layout(), limit).stream().map(DeadLetter::of).toList();
    }

    /** Up to {@code limit} records neither resent nor dropped, oldest dead-lettered first. */
    private List<ConsumerRecord<String, byte[]>> waitingRecords(DeadLetterTopic.Layout layout, int limit) {
        Map<Integer, Set<Long>> settledOffsets = new HashMap<>();
        layout.partitions().forEach((partition, kept) ->
                settledOffsets.put(partition, settled.offsets(layout.topicId(), partition, kept)));
        return topic.read(layout, record -> !settledOffsets.get(record.partition()).contains(record.offset()), limit)
                .stream()
                .sorted(Comparator.comparingLong(ConsumerRecord::timestamp))
                .limit(limit)
                .toList();
    }

    /**
     * Sends the record back with its key, value and headers, less those of its dead-lettering, so that it is consumed
     * anew. An email the SMTP server refused for good is tried once more: the operator resends because the cause is
     * fixed. An email already sent is not sent again; the event identifier sees to that, as for any redelivery.
     */
    SettledDeadLetter resend(String id, String operator) {
        return resend(find(id), operator);
    }

    private SettledDeadLetter resend(Waiting waiting, String operator) {
        ConsumerRecord<String, byte[]> record = waiting.record();
        String source = DeadLetter.sourceTopic(record);
        if (!consumedTopics.contains(source)) {
            throw new DeadLetterNotResendableException("dead letter " + waiting.place() + " came from " + source
                    + ", which is none of the topics notification consumes: " + String.join(", ", consumedTopics));
        }
        String eventId = DeadLetter.eventId(record);
        if (eventId != null) {
            // Before the record is sent: the consumer may take it at once.
            notifier.forgetRefusal(eventId);
        }
        topic.resend(new ProducerRecord<>(source, null, record.key(), record.value(), resentHeaders(record)));
        SettledDeadLetter resent = waiting.settle(SettledDeadLetter.Outcome.RESENT, operator, clock);
        // Two resends at once both send; the second copy finds the event handled.
        return settled.record(resent).orElse(resent);
    }

    /**
     * Resends up to {@code limit} of the oldest records that wait, as {@link #resend} does each; those from a topic
     * this service does not consume stay.
     */
    List<SettledDeadLetter> resendAll(String operator, int limit) {
        DeadLetterTopic.Layout layout = topic.layout();
        List<SettledDeadLetter> resent = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : waitingRecords(layout, limit)) {
            if (consumedTopics.contains(DeadLetter.sourceTopic(record))) {
                resent.add(resend(new Waiting(layout, new DeadLetterId(record.partition(), record.offset()), record),
                        operator));
            }
        }
        return resent;
    }

    void drop(String id, String operator) {
        Waiting waiting = find(id);
        settled.record(waiting.settle(SettledDeadLetter.Outcome.DROPPED, operator, clock)).ifPresent(earlier -> {
            throw alreadySettled(earlier);
        });
    }

    private Waiting find(String id) {
        DeadLetterId place = DeadLetterId.parse(id);
        DeadLetterTopic.Layout layout = topic.layout();
        DeadLetterTopic.Offsets kept = layout.partitions().get(place.partition());
        if (kept == null) {
            throw new DeadLetterNotFoundException("no dead letter " + id + ": " + topic.name() + " has no partition "
                    + place.partition());
        }
        settled.of(layout.topicId(), place).ifPresent(earlier -> {
            throw alreadySettled(earlier);
        });
        ConsumerRecord<String, byte[]> record = topic.at(layout, place).orElseThrow(() ->
                new DeadLetterNotFoundException("no dead letter " + id + ": partition " + place.partition() + " of "
                        + topic.name() + (kept.kept() == 0 ? " keeps no records"
                        : " keeps offsets " + kept.earliest() + " to " + (kept.end() - 1))));
        return new Waiting(layout, place, record);
    }

    private static DeadLetterNotFoundException alreadySettled(SettledDeadLetter settled) {
        String what = settled.outcome() == SettledDeadLetter.Outcome.RESENT ? "resent" : "dropped";
        return new DeadLetterNotFoundException("dead letter " + settled.id() + " waits no longer: " + what + " by "
                + settled.settledBy() + " at " + settled.settledAt());
    }

    /** The record's headers as they were before it was dead-lettered, with one more resend counted. */
    private static RecordHeaders resentHeaders(ConsumerRecord<String, byte[]> record) {
        RecordHeaders headers = new RecordHeaders();
        for (Header header : record.headers()) {
            String name = header.key();
            if (!name.startsWith(KafkaHeaders.PREFIX + "dlt-") && !name.equals(DeadLetterHeaders.REASON)
                    && !name.equals(DeadLetterHeaders.RESENDS)) {
                headers.add(header);
            }
        }
        // The resends before this one, and this one.
        int resends = DeadLetter.of(record).attempts();
        headers.add(new RecordHeader(DeadLetterHeaders.RESENDS, Integer.toString(resends).getBytes(StandardCharsets.UTF_8)));
        return headers;
    }

    private record Waiting(DeadLetterTopic.Layout layout, DeadLetterId place, ConsumerRecord<String, byte[]> record) {

        SettledDeadLetter settle(SettledDeadLetter.Outcome outcome, String operator, Clock clock) {
            return new SettledDeadLetter(SettledDeadLetter.key(layout.topicId(), place), record.topic(),
                    layout.topicId(), place.partition(), place.offset(), outcome, DeadLetter.eventId(record), operator,
                    clock.instant());
        }
    }
}
