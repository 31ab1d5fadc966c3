package org.orderplatform.order.saga;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.DeadlineMessage;
import org.axonframework.deadline.annotation.DeadlineHandler;
import org.axonframework.modelling.saga.EndSaga;
import org.axonframework.modelling.saga.SagaEventHandler;
import org.axonframework.modelling.saga.SagaLifecycle;
import org.axonframework.modelling.saga.StartSaga;
import org.axonframework.spring.stereotype.Saga;
import org.orderplatform.api.catalog.ReleaseStockCommand;
import org.orderplatform.api.catalog.ReserveStockCommand;
import org.orderplatform.api.catalog.StockLine;
import org.orderplatform.api.catalog.StockReservationFailedEvent;
import org.orderplatform.api.catalog.StockReservedEvent;
import org.orderplatform.api.common.Money;
import org.orderplatform.api.order.CancelOrderCommand;
import org.orderplatform.api.order.CancellationReason;
import org.orderplatform.api.order.ConfirmOrderCommand;
import org.orderplatform.api.order.OrderCancelledEvent;
import org.orderplatform.api.order.OrderConfirmedEvent;
import org.orderplatform.api.order.OrderId;
import org.orderplatform.api.order.OrderPlacedEvent;
import org.orderplatform.api.order.OrderRejectedEvent;
import org.orderplatform.api.order.RejectOrderCommand;
import org.orderplatform.api.order.RejectionReason;
import org.orderplatform.api.payment.PaymentCompletedEvent;
import org.orderplatform.api.payment.PaymentFailedEvent;
import org.orderplatform.api.payment.PaymentRefundedEvent;
import org.orderplatform.api.payment.ProcessPaymentCommand;
import org.orderplatform.api.payment.RefundPaymentCommand;

import java.util.List;

/**
 * Takes one order from placement to a final state: reserve stock, charge, confirm; or compensate. It lives until
 * nothing is outstanding any more: a cancelled order still waits for a stock answer (to release it) and for a
 * payment answer (to refund it), the latter no longer than the late-payment window.
 */
@Saga
// Public: Axon instantiates sagas through their public no-argument constructor.
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY)
public class OrderSaga {

    static final String ORDER_ID = "orderId";
    static final String PAYMENT_DEADLINE = "payment-deadline";
    static final String LATE_PAYMENT_DEADLINE = "late-payment-deadline";

    enum Stock { REQUESTED, RESERVED, UNAVAILABLE, RELEASED }

    enum Payment { NOT_REQUESTED, REQUESTED, COMPLETED, FAILED, REFUND_REQUESTED, REFUNDED, ABANDONED }

    private OrderId orderId;
    private Money total;
    private String paymentToken;
    private Stock stock;
    private Payment payment = Payment.NOT_REQUESTED;
    private boolean cancelled;
    private String paymentDeadline;

    @StartSaga
    @SagaEventHandler(associationProperty = ORDER_ID)
    void on(OrderPlacedEvent event, CommandGateway commands) {
        orderId = event.orderId();
        total = event.total();
        paymentToken = event.paymentToken();
        stock = Stock.REQUESTED;
        List<StockLine> lines = event.lines().stream()
                .map(line -> new StockLine(line.productId(), line.quantity()))
                .toList();
        commands.send(new ReserveStockCommand(orderId, lines));
    }

    @SagaEventHandler(associationProperty = ORDER_ID)
    void on(StockReservedEvent event, CommandGateway commands, DeadlineManager deadlines, OrderSagaSettings settings) {
        if (stock != Stock.REQUESTED) {
            return;
        }
        stock = Stock.RESERVED;
        if (cancelled) {
            releaseStock(commands);
            endIfSettled();
            return;
        }
        paymentDeadline = deadlines.schedule(settings.paymentTimeout(), PAYMENT_DEADLINE);
        payment = Payment.REQUESTED;
        commands.send(ProcessPaymentCommand.forOrder(orderId, total, paymentToken));
    }

    @SagaEventHandler(associationProperty = ORDER_ID)
    void on(StockReservationFailedEvent event, CommandGateway commands) {
        if (stock != Stock.REQUESTED) {
            return;
        }
        stock = Stock.UNAVAILABLE;
        if (cancelled) {
            endIfSettled();
            return;
        }
        commands.send(new RejectOrderCommand(orderId, RejectionReason.OUT_OF_STOCK));
    }

    @SagaEventHandler(associationProperty = ORDER_ID)
    void on(PaymentCompletedEvent event, CommandGateway commands, DeadlineManager deadlines) {
        if (!awaitingPaymentAnswer()) {
            return;
        }
        stopWaitingForPayment(deadlines);
        payment = Payment.COMPLETED;
        if (cancelled) {
            refund(commands);
            return;
        }
        commands.send(new ConfirmOrderCommand(orderId));
    }

    @SagaEventHandler(associationProperty = ORDER_ID)
    void on(PaymentFailedEvent event, CommandGateway commands, DeadlineManager deadlines) {
        if (!awaitingPaymentAnswer()) {
            return;
        }
        stopWaitingForPayment(deadlines);
        payment = Payment.FAILED;
        if (cancelled) {
            endIfSettled();
            return;
        }
        releaseStock(commands);
        commands.send(new CancelOrderCommand(orderId, CancellationReason.PAYMENT_DECLINED));
    }

    // A handler's first parameter names its payload; a deadline without payload takes the message itself there.
    @DeadlineHandler(deadlineName = PAYMENT_DEADLINE)
    void onPaymentTimeout(DeadlineMessage<?> deadline, CommandGateway commands) {
        paymentDeadline = null;
        releaseStock(commands);
        commands.send(new CancelOrderCommand(orderId, CancellationReason.PAYMENT_TIMEOUT));
    }

    @EndSaga
    @SagaEventHandler(associationProperty = ORDER_ID)
    void on(OrderConfirmedEvent event, MeterRegistry meters) {
        countOutcome(meters, "confirmed", "none");
    }

    @EndSaga
    @SagaEventHandler(associationProperty = ORDER_ID)
    void on(OrderRejectedEvent event, MeterRegistry meters) {
        countOutcome(meters, "rejected", event.reason().name());
    }

    @SagaEventHandler(associationProperty = ORDER_ID)
    void on(OrderCancelledEvent event, CommandGateway commands, DeadlineManager deadlines, OrderSagaSettings settings,
            MeterRegistry meters) {
        countOutcome(meters, "cancelled", event.reason().name());
        cancelled = true;
        cancelPaymentDeadline(deadlines);
        releaseStock(commands);
        if (payment == Payment.COMPLETED) {
            refund(commands);
        } else if (payment == Payment.REQUESTED) {
            deadlines.schedule(settings.latePaymentWindow(), LATE_PAYMENT_DEADLINE);
        }
        endIfSettled();
    }

    @SagaEventHandler(associationProperty = ORDER_ID)
    void on(PaymentRefundedEvent event) {
        payment = Payment.REFUNDED;
        endIfSettled();
    }

    @DeadlineHandler(deadlineName = LATE_PAYMENT_DEADLINE)
    void onLatePaymentWindowClosed() {
        if (payment == Payment.REQUESTED) {
            payment = Payment.ABANDONED;
        }
        endIfSettled();
    }

    // Events may be redelivered; an answer the saga already acted on changes nothing.
    private boolean awaitingPaymentAnswer() {
        return payment == Payment.REQUESTED;
    }

    private void releaseStock(CommandGateway commands) {
        if (stock == Stock.RESERVED) {
            stock = Stock.RELEASED;
            commands.send(new ReleaseStockCommand(orderId));
        }
    }

    private void refund(CommandGateway commands) {
        payment = Payment.REFUND_REQUESTED;
        commands.send(RefundPaymentCommand.forOrder(orderId));
    }

    private void stopWaitingForPayment(DeadlineManager deadlines) {
        cancelPaymentDeadline(deadlines);
        // The late-payment window is only opened by a cancellation.
        if (cancelled) {
            deadlines.cancelAllWithinScope(LATE_PAYMENT_DEADLINE);
        }
    }

    private void cancelPaymentDeadline(DeadlineManager deadlines) {
        if (paymentDeadline != null) {
            deadlines.cancelSchedule(PAYMENT_DEADLINE, paymentDeadline);
            paymentDeadline = null;
        }
    }

    private static void countOutcome(MeterRegistry meters, String outcome, String reason) {
        meters.counter("orders.outcomes", "outcome", outcome, "reason", reason).increment();
    }

    private void endIfSettled() {
        boolean awaitingStock = stock == Stock.REQUESTED;
        boolean awaitingPayment = awaitingPaymentAnswer() || payment == Payment.REFUND_REQUESTED;
        // Confirmed and rejected orders end the saga at once; only a cancelled one waits for stock and payment answers.
        if (cancelled && !awaitingStock && !awaitingPayment) {
            SagaLifecycle.end();
        }
    }
}
