package org.orderplatform.support.deadletter;

import java.time.Instant;

/**
 * A parked event as operators see it.
 *
 * @param id                the letter's id in the API
 * @param processor         the processing group that parked it
 * @param eventType         the event's payload type
 * @param aggregateId       the aggregate that published the event, null for an event without one
 * @param cause             the type and message of the last failure; null for an event that waits behind an
 *                          earlier one of its sequence and was never handled
 * @param attempts          how often handling it failed
 * @param sequence          the sequence it belongs to (the aggregate id): its events are handled in order
 * @param index             its place in the sequence, from 0
 * @param eventId           the event's identifier
 * @param aggregateSequence the event's sequence number in its aggregate
 * @param enqueuedAt        when it was parked (its first failure)
 * @param lastTouched       when it was last parked or tried
 */
public record DeadLetterView(String id, String processor, String eventType, String aggregateId, String cause,
                             int attempts, String sequence, long index, String eventId, Long aggregateSequence,
                             Instant enqueuedAt, Instant lastTouched) {
}
