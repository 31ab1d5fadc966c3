package org.orderplatform.api.order;

/**
 * An operator acted on the order; its saga takes the action. Compensating is followed by the order's cancellation.
 *
 * @param operator who asked, as their access token named them
 */
public record OrderInterventionRecordedEvent(OrderId orderId, OrderIntervention intervention, String operator) {
}
