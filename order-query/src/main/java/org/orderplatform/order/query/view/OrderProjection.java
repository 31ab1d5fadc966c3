package org.orderplatform.order.query.view;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ReplayStatus;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.messaging.annotation.MessageIdentifier;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.queryhandling.QueryUpdateEmitter;
import org.orderplatform.api.order.OrderCancelledEvent;
import org.orderplatform.api.order.OrderConfirmedEvent;
import org.orderplatform.api.order.OrderPlacedEvent;
import org.orderplatform.api.order.OrderRejectedEvent;
import org.orderplatform.api.order.OrderStatus;
import org.orderplatform.order.query.replay.ProjectionCollections;
import org.springframework.stereotype.Component;

import java.time.Instant;

/**
 * Projects the {@code Order} aggregate's events into one document per order. Inside a batch of the processor the
 * changes are buffered and written in bulk at the batch's end; called on its own, or {@link IsolatedEvents isolated},
 * each event is written at once.
 */
@Component
@ProcessingGroup(OrderViewDefinition.PROCESSOR)
class OrderProjection {

    private final ProjectionCollections projections;
    private final QueryUpdateEmitter updates;
    private final IsolatedEvents isolated;

    OrderProjection(ProjectionCollections projections, QueryUpdateEmitter updates, IsolatedEvents isolated) {
        this.projections = projections;
        this.updates = updates;
        this.isolated = isolated;
    }

    @EventHandler
    void on(OrderPlacedEvent event, @SequenceNumber long sequence, @Timestamp Instant at,
            @MessageIdentifier String eventId, ReplayStatus replay) {
        write(OrderDocuments.placed(event, sequence, at), eventId, replay);
    }

    @EventHandler
    void on(OrderConfirmedEvent event, @SequenceNumber long sequence, @Timestamp Instant at,
            @MessageIdentifier String eventId, ReplayStatus replay) {
        write(OrderDocuments.statusChanged(event.orderId(), OrderStatus.CONFIRMED, null, sequence, at), eventId,
                replay);
    }

    @EventHandler
    void on(OrderRejectedEvent event, @SequenceNumber long sequence, @Timestamp Instant at,
            @MessageIdentifier String eventId, ReplayStatus replay) {
        write(OrderDocuments.statusChanged(event.orderId(), OrderStatus.REJECTED,
                event.reason().name(), sequence, at), eventId, replay);
    }

    @EventHandler
    void on(OrderCancelledEvent event, @SequenceNumber long sequence, @Timestamp Instant at,
            @MessageIdentifier String eventId, ReplayStatus replay) {
        write(OrderDocuments.statusChanged(event.orderId(), OrderStatus.CANCELLED,
                event.reason().name(), sequence, at), eventId, replay);
    }

    private void write(OrderChange change, String eventId, ReplayStatus replay) {
        if (CurrentUnitOfWork.isStarted() && !isolated.release(eventId)) {
            PendingWrites.of(CurrentUnitOfWork.get(), () -> projections.writeCollection(OrderViewDefinition.NAME),
                    updates, isolated).add(change, eventId, replay.isReplay());
        } else {
            PendingWrites single = PendingWrites.single(projections.writeCollection(OrderViewDefinition.NAME), updates);
            single.add(change, eventId, replay.isReplay());
            single.flush();
        }
    }
}
