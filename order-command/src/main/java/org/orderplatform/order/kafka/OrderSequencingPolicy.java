package org.orderplatform.order.kafka;

import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.async.SequencingPolicy;
import org.axonframework.eventhandling.async.SequentialPerAggregatePolicy;

/**
 * An order's events in sequence: the order id is the record key, so they share a partition, and it is the bridge
 * processor's sequencing key, so one thread publishes them in event-store order. Stock events are not domain events
 * and payment events belong to the payment's aggregate; the order id covers both.
 */
final class OrderSequencingPolicy implements SequencingPolicy<EventMessage<?>> {

    private final SequencingPolicy<? super EventMessage<?>> otherEvents = SequentialPerAggregatePolicy.instance();

    @Override
    public Object getSequenceIdentifierFor(EventMessage<?> event) {
        return PublishedEventTypes.orderIdOf(event.getPayload())
                .<Object>map(orderId -> orderId.value())
                .orElseGet(() -> otherEvents.getSequenceIdentifierFor(event));
    }
}
