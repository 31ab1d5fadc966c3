package org.orderplatform.payment.command;

import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;
import org.orderplatform.api.common.Money;
import org.orderplatform.api.payment.ExpirePaymentCommand;
import org.orderplatform.api.payment.PaymentCompletedEvent;
import org.orderplatform.api.payment.PaymentExpiredEvent;
import org.orderplatform.api.payment.PaymentFailedEvent;
import org.orderplatform.api.payment.PaymentId;
import org.orderplatform.api.payment.PaymentRefundedEvent;
import org.orderplatform.api.payment.PaymentStatus;
import org.orderplatform.api.payment.ProcessPaymentCommand;
import org.orderplatform.api.payment.RefundPaymentCommand;
import org.orderplatform.api.order.OrderId;
import org.orderplatform.payment.provider.ChargeOutcome;
import org.orderplatform.payment.provider.PaymentProvider;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * The payment of one order. Its id is derived from the order's, so every attempt to pay the order meets this
 * aggregate: once the provider has answered, a repeated charge or refund changes nothing.
 */
@Aggregate
class Payment {

    @AggregateIdentifier
    private PaymentId paymentId;
    private OrderId orderId;
    private Money amount;
    private PaymentStatus status;
    private String chargeReference;

    Payment() {
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    void handle(ProcessPaymentCommand command, PaymentProvider provider, MeterRegistry meters) {
        if (status != null) {
            return;
        }
        record(command.paymentId(), command.orderId(), command.amount(),
                provider.charge(command.paymentId(), command.amount(), command.paymentToken()), meters);
    }

    // Also for a payment never asked for (its command lost on the way): settling closes the key all the same.
    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    void handle(ExpirePaymentCommand command, PaymentProvider provider, MeterRegistry meters) {
        if (status != null) {
            return;
        }
        record(command.paymentId(), command.orderId(), command.amount(), provider.settle(command.paymentId()), meters);
    }

    private static void record(PaymentId paymentId, OrderId orderId, Money amount, ChargeOutcome outcome,
                               MeterRegistry meters) {
        String counted;
        if (outcome instanceof ChargeOutcome.Charged charged) {
            apply(new PaymentCompletedEvent(paymentId, orderId, amount, charged.chargeReference()));
            counted = "completed";
        } else if (outcome instanceof ChargeOutcome.Declined declined) {
            apply(new PaymentFailedEvent(paymentId, orderId, amount, declined.reason()));
            counted = "declined";
        } else {
            apply(new PaymentExpiredEvent(paymentId, orderId, amount));
            counted = "expired";
        }
        meters.counter("payments.outcomes", "outcome", counted).increment();
    }

    @CommandHandler
    void handle(RefundPaymentCommand command, PaymentProvider provider, MeterRegistry meters) {
        if (status == PaymentStatus.REFUNDED) {
            return;
        }
        if (status != PaymentStatus.COMPLETED) {
            throw new IllegalStateException("payment " + paymentId + " is " + status + " and cannot be refunded");
        }
        provider.refund(paymentId, chargeReference, amount);
        meters.counter("payments.outcomes", "outcome", "refunded").increment();
        apply(new PaymentRefundedEvent(paymentId, orderId, amount));
    }

    @EventSourcingHandler
    void on(PaymentCompletedEvent event) {
        answered(event.paymentId(), event.orderId(), event.amount(), PaymentStatus.COMPLETED);
        chargeReference = event.providerReference();
    }

    @EventSourcingHandler
    void on(PaymentFailedEvent event) {
        answered(event.paymentId(), event.orderId(), event.amount(), PaymentStatus.FAILED);
    }

    @EventSourcingHandler
    void on(PaymentExpiredEvent event) {
        answered(event.paymentId(), event.orderId(), event.amount(), PaymentStatus.EXPIRED);
    }

    @EventSourcingHandler
    void on(PaymentRefundedEvent event) {
        status = PaymentStatus.REFUNDED;
    }

    private void answered(PaymentId paymentId, OrderId orderId, Money amount, PaymentStatus status) {
        this.paymentId = paymentId;
        this.orderId = orderId;
        this.amount = amount;
        this.status = status;
    }
}
