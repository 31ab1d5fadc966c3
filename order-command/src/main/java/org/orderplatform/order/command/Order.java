package org.orderplatform.order.command;

import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;
import org.orderplatform.api.order.CancelOrderCommand;
import org.orderplatform.api.order.CancellationReason;
import org.orderplatform.api.order.ConfirmOrderCommand;
import org.orderplatform.api.order.CustomerId;
import org.orderplatform.api.order.InterveneInOrderCommand;
import org.orderplatform.api.order.OrderCancelledEvent;
import org.orderplatform.api.order.OrderConfirmedEvent;
import org.orderplatform.api.order.OrderId;
import org.orderplatform.api.order.OrderIntervention;
import org.orderplatform.api.order.OrderInterventionRecordedEvent;
import org.orderplatform.api.order.OrderPlacedEvent;
import org.orderplatform.api.order.OrderRejectedEvent;
import org.orderplatform.api.order.OrderStatus;
import org.orderplatform.api.order.PlaceOrderCommand;
import org.orderplatform.api.order.RejectOrderCommand;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * An order from placement to its final state. Every status change is decided here; repeating the command that led
 * to the current final state changes nothing, so the saga may safely retry.
 */
@Aggregate
class Order {

    @AggregateIdentifier
    private OrderId orderId;
    private CustomerId customerId;
    private OrderStatus status;
    private CancellationReason cancellationReason;

    Order() {
    }

    // Placing is idempotent by order id: a retried request (same Idempotency-Key) finds the order placed.
    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    void handle(PlaceOrderCommand command) {
        if (status != null) {
            return;
        }
        apply(new OrderPlacedEvent(command.orderId(), command.customerId(), command.customerEmail(),
                command.lines(), command.total(), command.paymentToken()));
    }

    @CommandHandler
    void handle(ConfirmOrderCommand command) {
        if (status == OrderStatus.CONFIRMED) {
            return;
        }
        requirePending("confirmed");
        apply(new OrderConfirmedEvent(orderId));
    }

    @CommandHandler
    void handle(RejectOrderCommand command) {
        if (status == OrderStatus.REJECTED) {
            return;
        }
        requirePending("rejected");
        apply(new OrderRejectedEvent(orderId, command.reason()));
    }

    @CommandHandler
    OrderStatus handle(CancelOrderCommand command) {
        if (command.customerId() != null && !command.customerId().equals(customerId)) {
            throw new OrderOfAnotherCustomerException(orderId, command.customerId());
        }
        if (status == OrderStatus.CANCELLED && cancellationReason == command.reason()) {
            return status;
        }
        requirePending("cancelled");
        apply(new OrderCancelledEvent(orderId, command.reason()));
        return status;
    }

    /** Records what an operator did; compensating cancels the order, which its saga then compensates. */
    @CommandHandler
    void handle(InterveneInOrderCommand command) {
        boolean compensating = command.intervention() == OrderIntervention.COMPENSATE;
        if (compensating) {
            requirePending("compensated");
        }
        apply(new OrderInterventionRecordedEvent(orderId, command.intervention(), command.operator()));
        if (compensating) {
            apply(new OrderCancelledEvent(orderId, CancellationReason.OPERATOR_REQUEST));
        }
    }

    private void requirePending(String change) {
        if (status.isFinal()) {
            throw new OrderAlreadyFinalException(orderId, status, change);
        }
    }

    @EventSourcingHandler
    void on(OrderPlacedEvent event) {
        orderId = event.orderId();
        customerId = event.customerId();
        status = OrderStatus.PENDING;
    }

    @EventSourcingHandler
    void on(OrderConfirmedEvent event) {
        status = OrderStatus.CONFIRMED;
    }

    @EventSourcingHandler
    void on(OrderRejectedEvent event) {
        status = OrderStatus.REJECTED;
    }

    @EventSourcingHandler
    void on(OrderCancelledEvent event) {
        status = OrderStatus.CANCELLED;
        cancellationReason = event.reason();
    }
}
