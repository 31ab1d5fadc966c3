package org.orderplatform.axonserver.store;

/**
 * Which events a dashboard scan returns; empty strings match anything.
 *
 * @param aggregateId only the events of this aggregate
 * @param payloadType only events with this payload type
 * @param fromMillis  only events with a timestamp at or after this
 * @param toMillis    only events with a timestamp at or before this
 */
public record EventFilter(String aggregateId, String payloadType, long fromMillis, long toMillis) {

    public static final EventFilter ANY = new EventFilter("", "", Long.MIN_VALUE, Long.MAX_VALUE);

    boolean matches(EventFields fields) {
        return (aggregateId.isEmpty() || aggregateId.equals(fields.aggregateId()))
                && (payloadType.isEmpty() || payloadType.equals(fields.payloadType()))
                && fields.timestamp() >= fromMillis && fields.timestamp() <= toMillis;
    }

    boolean matchesEverything() {
        return equals(ANY);
    }
}
