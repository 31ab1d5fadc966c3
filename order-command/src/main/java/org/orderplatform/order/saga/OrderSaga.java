package org.orderplatform.order.saga;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.DeadlineMessage;
import org.axonframework.deadline.annotation.DeadlineHandler;
import org.axonframework.modelling.saga.SagaEventHandler;
import org.axonframework.modelling.saga.SagaLifecycle;
import org.axonframework.modelling.saga.StartSaga;
import org.axonframework.spring.stereotype.Saga;
import org.orderplatform.api.catalog.ReleaseStockCommand;
import org.orderplatform.api.catalog.ReserveStockCommand;
import org.orderplatform.api.catalog.StockLine;
import org.orderplatform.api.catalog.StockReleasedEvent;
import org.orderplatform.api.catalog.StockReservationFailedEvent;
import org.orderplatform.api.catalog.StockReservedEvent;
import org.orderplatform.api.common.Money;
import org.orderplatform.api.order.CancelOrderCommand;
import org.orderplatform.api.order.CancellationReason;
import org.orderplatform.api.order.ConfirmOrderCommand;
import org.orderplatform.api.order.OrderCancelledEvent;
import org.orderplatform.api.order.OrderConfirmedEvent;
import org.orderplatform.api.order.OrderId;
import org.orderplatform.api.order.OrderInterventionRecordedEvent;
import org.orderplatform.api.order.OrderPlacedEvent;
import org.orderplatform.api.order.OrderRejectedEvent;
import org.orderplatform.api.order.RejectOrderCommand;
import org.orderplatform.api.order.RejectionReason;
import org.orderplatform.api.payment.ExpirePaymentCommand;
import org.orderplatform.api.payment.PaymentCompletedEvent;
import org.orderplatform.api.payment.PaymentExpiredEvent;
import org.orderplatform.api.payment.PaymentFailedEvent;
import org.orderplatform.api.payment.PaymentRefundedEvent;
import org.orderplatform.api.payment.ProcessPaymentCommand;
import org.orderplatform.api.payment.RefundPaymentCommand;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.function.Predicate;

/**
 * Takes one order from placement to a final state: reserve stock, charge, confirm; or compensate. Every command it
 * sends is answered by an event; until it is, the saga's step deadline, stored with the saga, sends it again, so an
 * outage of any service, or a restart of this one, only delays the order. Each step also has a time limit with a
 * defined outcome: stock not answered in time is given up and the order rejected; a payment not answered in time is
 * settled by the payment service (a charge the provider made is kept, and confirms the order). The saga ends once
 * the order is final and nothing it asked for is outstanding: stock released, payment refunded or settled.
 */
@Saga
// Public: Axon instantiates sagas through their public no-argument constructor.
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY)
public class OrderSaga {

    static final String ORDER_ID = "orderId";
    static final String STEP_DEADLINE = "step-deadline";

    enum Stock { REQUESTED, RESERVED, UNAVAILABLE, RELEASE_REQUESTED, RELEASED }

    enum Payment { NOT_REQUESTED, REQUESTED, EXPIRY_REQUESTED, COMPLETED, FAILED, EXPIRED, REFUND_REQUESTED, REFUNDED }

    /**
     * What an open saga waits for: the stock reservation, the payment (or its settling), the order recording the
     * end the saga decided, or, once the order is final, stock released and the charge refunded.
     */
    public enum Step { STOCK, PAYMENT, CONFIRMATION, RELEASE, REFUND }

    private OrderId orderId;
    private Money total;
    private String paymentToken;
    private List<StockLine> lines;
    private Stock stock;
    private Payment payment = Payment.NOT_REQUESTED;
    private Instant stockDueAt;
    private Instant paymentDueAt;
    /** What the saga decided the order's end is, until the order records it. */
    private RejectionReason rejection;
    private CancellationReason cancellation;
    private boolean confirming;
    private boolean orderFinal;
    private boolean cancelled;
    private String stepDeadline;
    private Instant stepDueAt;

    @StartSaga
    @SagaEventHandler(associationProperty = ORDER_ID)
    void on(OrderPlacedEvent event, CommandGateway commands, DeadlineManager deadlines, OrderSagaSettings settings,
            Clock clock) {
        orderId = event.orderId();
        total = event.total();
        paymentToken = event.paymentToken();
        lines = event.lines().stream().map(line -> new StockLine(line.productId(), line.quantity())).toList();
        stock = Stock.REQUESTED;
        stockDueAt = inMillis(clock.instant().plus(settings.stockTimeout()));
        commands.send(new ReserveStockCommand(orderId, lines));
        planStep(deadlines, settings, clock.instant());
    }

    @SagaEventHandler(associationProperty = ORDER_ID)
    void on(StockReservedEvent event, CommandGateway commands, DeadlineManager deadlines, OrderSagaSettings settings,
            Clock clock) {
        if (stock != Stock.REQUESTED) {
            return;
        }
        stock = Stock.RESERVED;
        if (orderFinal) {
            releaseStock(commands);
            return;
        }
        payment = Payment.REQUESTED;
        paymentDueAt = inMillis(clock.instant().plus(settings.paymentTimeout()));
        commands.send(processPayment());
        planStep(deadlines, settings, clock.instant());
    }

    @SagaEventHandler(associationProperty = ORDER_ID)
    void on(StockReservationFailedEvent event, CommandGateway commands, DeadlineManager deadlines) {
        if (stock != Stock.REQUESTED && stock != Stock.RELEASE_REQUESTED) {
            return;
        }
        // A failed reservation holds nothing: it also answers a release.
        boolean answersRelease = stock == Stock.RELEASE_REQUESTED;
        stock = Stock.UNAVAILABLE;
        if (!orderFinal && !answersRelease) {
            reject(RejectionReason.OUT_OF_STOCK, commands);
        }
        endIfSettled(deadlines);
    }

    @SagaEventHandler(associationProperty = ORDER_ID)
    void on(StockReleasedEvent event, DeadlineManager deadlines) {
        if (stock == Stock.RELEASE_REQUESTED) {
            stock = Stock.RELEASED;
            endIfSettled(deadlines);
        }
    }

    @SagaEventHandler(associationProperty = ORDER_ID)
    void on(PaymentCompletedEvent event, CommandGateway commands) {
        if (!awaitingPaymentAnswer()) {
            return;
        }
        payment = Payment.COMPLETED;
        if (cancelled) {
            refund(commands);
        } else {
            confirming = true;
            commands.send(new ConfirmOrderCommand(orderId));
        }
    }

    @SagaEventHandler(associationProperty = ORDER_ID)
    void on(PaymentFailedEvent event, CommandGateway commands, DeadlineManager deadlines) {
        paymentEndedUncharged(Payment.FAILED, CancellationReason.PAYMENT_DECLINED, commands, deadlines);
    }

    @SagaEventHandler(associationProperty = ORDER_ID)
    void on(PaymentExpiredEvent event, CommandGateway commands, DeadlineManager deadlines) {
        paymentEndedUncharged(Payment.EXPIRED, CancellationReason.PAYMENT_TIMEOUT, commands, deadlines);
    }

    @SagaEventHandler(associationProperty = ORDER_ID)
    void on(PaymentRefundedEvent event, DeadlineManager deadlines) {
        if (payment == Payment.REFUND_REQUESTED) {
            payment = Payment.REFUNDED;
            endIfSettled(deadlines);
        }
    }

    @SagaEventHandler(associationProperty = ORDER_ID)
    void on(OrderConfirmedEvent event, DeadlineManager deadlines, MeterRegistry meters) {
        ended(meters, "confirmed", "none");
        endIfSettled(deadlines);
    }

    @SagaEventHandler(associationProperty = ORDER_ID)
    void on(OrderRejectedEvent event, DeadlineManager deadlines, MeterRegistry meters) {
        ended(meters, "rejected", event.reason().name());
        endIfSettled(deadlines);
    }

    @SagaEventHandler(associationProperty = ORDER_ID)
    void on(OrderCancelledEvent event, CommandGateway commands, DeadlineManager deadlines, MeterRegistry meters) {
        ended(meters, "cancelled", event.reason().name());
        cancelled = true;
        releaseStock(commands);
        if (payment == Payment.COMPLETED) {
            refund(commands);
        } else if (payment == Payment.REQUESTED) {
            // Cancelled while the charge is outstanding: settle it now, and refund it if it was made.
            expirePayment(commands);
        }
        endIfSettled(deadlines);
    }

    OrderId orderId() {
        return orderId;
    }

    /** The step the saga is in, read off what it is still waiting for: the payment before the stock, refunds last. */
    Step step() {
        if (awaitingPaymentAnswer()) {
            return Step.PAYMENT;
        }
        if (!orderFinal) {
            return stock == Stock.REQUESTED ? Step.STOCK : Step.CONFIRMATION;
        }
        return payment == Payment.REFUND_REQUESTED ? Step.REFUND : Step.RELEASE;
    }

    /**
     * Sends again what is still unanswered, and takes a step's outcome once its time is up. Every command sent
     * again is idempotent where it is handled, so a first one that was merely slow changes nothing.
     */
    // A handler's first parameter names its payload; a deadline without payload takes the message itself there.
    @DeadlineHandler(deadlineName = STEP_DEADLINE)
    void onStepDeadline(DeadlineMessage<?> deadline, CommandGateway commands, DeadlineManager deadlines,
                        OrderSagaSettings settings, Clock clock) {
        stepDeadline = null;
        stepDueAt = null;
        // The deadline store keeps milliseconds: the clock, read after the deadline came due, is never before it.
        Instant now = later(deadline.getTimestamp(), clock.instant());
        advance(commands, timeLimit -> !now.isBefore(timeLimit));
        planStep(deadlines, settings, now);
    }

    /**
     * An operator's action: retrying sends again what is unanswered, expiring takes the current step's outcome now.
     * Compensating needs nothing here: the order's cancellation, recorded with it, compensates.
     */
    @SagaEventHandler(associationProperty = ORDER_ID)
    void on(OrderInterventionRecordedEvent event, CommandGateway commands, DeadlineManager deadlines,
            OrderSagaSettings settings, Clock clock) {
        switch (event.intervention()) {
            case RETRY_STEP -> advance(commands, timeLimit -> false);
            case EXPIRE_STEP -> advance(commands, timeLimit -> true);
            case COMPENSATE -> {
                return;
            }
        }
        planStep(deadlines, settings, clock.instant());
    }

    /** Sends again every command still unanswered, but for a step whose time limit is up: that takes its outcome. */
    private void advance(CommandGateway commands, Predicate<Instant> isUp) {
        sendOrderDecisionAgain(commands);
        switch (stock) {
            case REQUESTED -> {
                if (isUp.test(stockDueAt)) {
                    giveUpStock(commands);
                } else {
                    commands.send(new ReserveStockCommand(orderId, lines));
                }
            }
            case RELEASE_REQUESTED -> commands.send(new ReleaseStockCommand(orderId));
            default -> {
            }
        }
        switch (payment) {
            case REQUESTED -> {
                if (isUp.test(paymentDueAt)) {
                    expirePayment(commands);
                } else {
                    commands.send(processPayment());
                }
            }
            case EXPIRY_REQUESTED -> commands.send(ExpirePaymentCommand.forOrder(orderId, total));
            case REFUND_REQUESTED -> commands.send(RefundPaymentCommand.forOrder(orderId));
            default -> {
            }
        }
    }

    private void giveUpStock(CommandGateway commands) {
        // The release is recorded even before the reservation, which then takes nothing if it still comes.
        stock = Stock.RELEASE_REQUESTED;
        commands.send(new ReleaseStockCommand(orderId));
        if (!orderFinal) {
            reject(RejectionReason.CATALOG_UNAVAILABLE, commands);
        }
    }

    private void sendOrderDecisionAgain(CommandGateway commands) {
        if (orderFinal) {
            return;
        }
        if (rejection != null) {
            commands.send(new RejectOrderCommand(orderId, rejection));
        } else if (cancellation != null) {
            commands.send(new CancelOrderCommand(orderId, cancellation));
        } else if (confirming) {
            commands.send(new ConfirmOrderCommand(orderId));
        }
    }

    private void paymentEndedUncharged(Payment outcome, CancellationReason reason, CommandGateway commands,
                                       DeadlineManager deadlines) {
        if (!awaitingPaymentAnswer()) {
            return;
        }
        payment = outcome;
        if (!cancelled) {
            releaseStock(commands);
            cancellation = reason;
            commands.send(new CancelOrderCommand(orderId, reason));
        }
        endIfSettled(deadlines);
    }

    private void reject(RejectionReason reason, CommandGateway commands) {
        rejection = reason;
        commands.send(new RejectOrderCommand(orderId, reason));
    }

    // Events may be redelivered; an answer the saga already acted on changes nothing.
    private boolean awaitingPaymentAnswer() {
        return payment == Payment.REQUESTED || payment == Payment.EXPIRY_REQUESTED;
    }

    private ProcessPaymentCommand processPayment() {
        return ProcessPaymentCommand.forOrder(orderId, total, paymentToken);
    }

    private void expirePayment(CommandGateway commands) {
        payment = Payment.EXPIRY_REQUESTED;
        commands.send(ExpirePaymentCommand.forOrder(orderId, total));
    }

    private void releaseStock(CommandGateway commands) {
        if (stock == Stock.RESERVED) {
            stock = Stock.RELEASE_REQUESTED;
            commands.send(new ReleaseStockCommand(orderId));
        }
    }

    private void refund(CommandGateway commands) {
        payment = Payment.REFUND_REQUESTED;
        commands.send(RefundPaymentCommand.forOrder(orderId));
    }

    /** The step deadline comes at the next retry, or earlier when a step's time is up before it. */
    private void planStep(DeadlineManager deadlines, OrderSagaSettings settings, Instant now) {
        Instant next = inMillis(now.plus(settings.retryInterval()));
        if (stock == Stock.REQUESTED && stockDueAt.isBefore(next)) {
            next = stockDueAt;
        }
        if (payment == Payment.REQUESTED && paymentDueAt.isBefore(next)) {
            next = paymentDueAt;
        }
        if (stepDeadline != null) {
            if (!stepDueAt.isAfter(next)) {
                return;
            }
            deadlines.cancelSchedule(STEP_DEADLINE, stepDeadline);
        }
        stepDueAt = next;
        stepDeadline = deadlines.schedule(next, STEP_DEADLINE);
    }

    /** Due times as the deadline store keeps them, so that a deadline due at a step's time limit is not before it. */
    private static Instant inMillis(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MILLIS);
    }

    private static Instant later(Instant one, Instant other) {
        return one.isAfter(other) ? one : other;
    }

    private void ended(MeterRegistry meters, String outcome, String reason) {
        if (!orderFinal) {
            orderFinal = true;
            meters.counter("orders.outcomes", "outcome", outcome, "reason", reason).increment();
        }
    }

    private void endIfSettled(DeadlineManager deadlines) {
        boolean awaitingStock = stock == Stock.REQUESTED || stock == Stock.RELEASE_REQUESTED;
        boolean awaitingPayment = awaitingPaymentAnswer() || payment == Payment.REFUND_REQUESTED;
        if (orderFinal && !awaitingStock && !awaitingPayment) {
            if (stepDeadline != null) {
                deadlines.cancelSchedule(STEP_DEADLINE, stepDeadline);
            }
            SagaLifecycle.end();
        }
    }
}
