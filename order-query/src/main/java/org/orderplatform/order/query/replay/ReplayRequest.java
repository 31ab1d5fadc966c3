package org.orderplatform.order.query.replay;

/** The answer to a replay request: whether this request started it, and where the projection stands now. */
public record ReplayRequest(boolean started, ProjectionStatus status) {
}
