package org.orderplatform.order.query.view;

import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.GenericTrackedDomainEventMessage;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.messaging.MetaData;
import org.orderplatform.api.catalog.ProductId;
import org.orderplatform.api.common.Money;
import org.orderplatform.api.order.CustomerId;
import org.orderplatform.api.order.OrderId;
import org.orderplatform.api.order.OrderLine;
import org.orderplatform.api.order.OrderPlacedEvent;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Order events as the {@code Order} aggregate publishes them: domain events with sequence numbers and timestamps. */
final class OrderEvents {

    static final Instant T0 = Instant.parse("2026-11-02T10:15:30.120Z");

    private OrderEvents() {
    }

    static OrderPlacedEvent placed(String orderId, String customerId) {
        List<OrderLine> lines = List.of(
                new OrderLine(new ProductId("p-1"), 2, Money.of("29.90", "EUR")),
                new OrderLine(new ProductId("p-2"), 1, Money.of("5.00", "EUR")));
        return new OrderPlacedEvent(new OrderId(orderId), new CustomerId(customerId), "ann@example.com", lines,
                Money.of("64.80", "EUR"), "tok_visa");
    }

    static DomainEventMessage<?> domainEvent(String orderId, long sequence, Object payload, Instant at) {
        return new GenericDomainEventMessage<>("Order", orderId, sequence, payload, MetaData.emptyInstance(),
                UUID.randomUUID().toString(), at);
    }

    /** The same event as a processor redelivers it while replaying, before the position of the reset. */
    static TrackedEventMessage<?> replayed(DomainEventMessage<?> event, long position) {
        var token = ((ReplayToken) ReplayToken.createReplayToken(new GlobalSequenceTrackingToken(1_000_000),
                new GlobalSequenceTrackingToken(0))).advancedTo(new GlobalSequenceTrackingToken(position));
        return new GenericTrackedDomainEventMessage<>(token, event);
    }
}
