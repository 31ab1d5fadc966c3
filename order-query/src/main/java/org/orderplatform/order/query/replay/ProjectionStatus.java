package org.orderplatform.order.query.replay;

/**
 * A projection as operators see it: {@code LIVE} or {@code REPLAYING}, the lowest position its segments reached
 * (null before any segment reported) and the event store's head position.
 */
public record ProjectionStatus(String name, String state, Long position, Long head) {
}
