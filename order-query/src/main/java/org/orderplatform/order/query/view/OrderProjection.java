package org.orderplatform.order.query.view;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ReplayStatus;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
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
 * changes are buffered and written in bulk at the batch's end; called on its own, each event is written at once.
 */
@Component
@ProcessingGroup(OrderViewDefinition.PROCESSOR)
class OrderProjection {

    private final ProjectionCollections projections;
    private final QueryUpdateEmitter updates;

    OrderProjection(ProjectionCollections projections, QueryUpdateEmitter updates) {
        this.projections = projections;
        this.updates = updates;
    }

    @EventHandler
    void on(OrderPlacedEvent event, @SequenceNumber long sequence, @Timestamp Instant at, ReplayStatus replay) {
        write(OrderDocuments.placed(event, sequence, at), replay);
    }

    @EventHandler
    void on(OrderConfirmedEvent event, @SequenceNumber long sequence, @Timestamp Instant at, ReplayStatus replay) {
        write(OrderDocuments.statusChanged(event.orderId(), OrderStatus.CONFIRMED, null, sequence, at), replay);
    }

    @EventHandler
    void on(OrderRejectedEvent event, @SequenceNumber long sequence, @Timestamp Instant at, ReplayStatus replay) {
        write(OrderDocuments.statusChanged(event.orderId(), OrderStatus.REJECTED,
                event.reason().name(), sequence, at), replay);
    }

    @EventHandler
    void on(OrderCancelledEvent event, @SequenceNumber long sequence, @Timestamp Instant at, ReplayStatus replay) {
        write(OrderDocuments.statusChanged(event.orderId(), OrderStatus.CANCELLED,
                event.reason().name(), sequence, at), replay);
    }

    private void write(OrderChange change, ReplayStatus replay) {
        if (CurrentUnitOfWork.isStarted()) {
            PendingWrites.of(CurrentUnitOfWork.get(), () -> projections.writeCollection(OrderViewDefinition.NAME), updates)
                    .add(change, replay.isReplay());
        } else {
            PendingWrites single = new PendingWrites(projections.writeCollection(OrderViewDefinition.NAME), updates);
            single.add(change, replay.isReplay());
            single.flush();
        }
    }
}
