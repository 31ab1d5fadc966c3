package org.orderplatform.payment.command;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.orderplatform.api.common.Money;
import org.orderplatform.api.order.OrderId;
import org.orderplatform.api.payment.ExpirePaymentCommand;
import org.orderplatform.api.payment.PaymentCompletedEvent;
import org.orderplatform.api.payment.PaymentExpiredEvent;
import org.orderplatform.api.payment.PaymentFailedEvent;
import org.orderplatform.api.payment.PaymentId;
import org.orderplatform.api.payment.PaymentRefundedEvent;
import org.orderplatform.api.payment.ProcessPaymentCommand;
import org.orderplatform.api.payment.RefundPaymentCommand;
import org.orderplatform.payment.provider.ChargeOutcome;
import org.orderplatform.payment.provider.SimulatedPaymentProvider;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class PaymentTest {

    private static final OrderId ORDER = new OrderId("order-1");
    private static final PaymentId PAYMENT = PaymentId.forOrder(ORDER);
    private static final Money AMOUNT = Money.of("59.80", "EUR");
    private static final PaymentCompletedEvent COMPLETED =
            new PaymentCompletedEvent(PAYMENT, ORDER, AMOUNT, "charge-" + PAYMENT);

    private final SimulatedPaymentProvider provider = new SimulatedPaymentProvider(Duration.ZERO);
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private FixtureConfiguration<Payment> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Payment.class)
                .registerInjectableResource(provider)
                .registerInjectableResource(meters);
    }

    @Test
    void chargesTheOrderOnce() {
        fixture.givenNoPriorActivity()
                .when(ProcessPaymentCommand.forOrder(ORDER, AMOUNT, "tok_visa"))
                .expectEvents(COMPLETED);
        assertThat(provider.chargeCount()).isEqualTo(1);
        assertThat(meters.counter("payments.outcomes", "outcome", "completed").count()).isEqualTo(1);
    }

    @Test
    void aRedeliveredChargeChargesNothingMore() {
        fixture.given(COMPLETED)
                .when(ProcessPaymentCommand.forOrder(ORDER, AMOUNT, "tok_visa"))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
        assertThat(provider.chargeCount()).isZero();
    }

    @Test
    void recordsADeclinedCharge() {
        fixture.givenNoPriorActivity()
                .when(ProcessPaymentCommand.forOrder(ORDER, AMOUNT, "tok_declined"))
                .expectEvents(new PaymentFailedEvent(PAYMENT, ORDER, AMOUNT, "card declined"));
        assertThat(provider.chargeCount()).isZero();
    }

    @Test
    void refundsACompletedChargeAtMostOnce() {
        provider.charge(PAYMENT, AMOUNT, "tok_visa");
        fixture.given(COMPLETED)
                .when(RefundPaymentCommand.forOrder(ORDER))
                .expectEvents(new PaymentRefundedEvent(PAYMENT, ORDER, AMOUNT));
        assertThat(provider.refunded(PAYMENT)).isTrue();

        fixture.given(COMPLETED, new PaymentRefundedEvent(PAYMENT, ORDER, AMOUNT))
                .when(RefundPaymentCommand.forOrder(ORDER))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void refusesToRefundAFailedPayment() {
        fixture.given(new PaymentFailedEvent(PAYMENT, ORDER, AMOUNT, "card declined"))
                .when(RefundPaymentCommand.forOrder(ORDER))
                .expectException(IllegalStateException.class)
                .expectExceptionMessage("payment " + PAYMENT + " is FAILED and cannot be refunded")
                .expectNoEvents();
    }

    @Test
    void settlingAPaymentTheProviderChargedLateCompletesIt() {
        // The charge was made but its answer did not arrive in time: nothing was recorded then.
        provider.charge(PAYMENT, AMOUNT, "tok_visa");
        fixture.givenNoPriorActivity()
                .when(ExpirePaymentCommand.forOrder(ORDER, AMOUNT))
                .expectEvents(COMPLETED);
        assertThat(provider.chargeCount()).isEqualTo(1);
    }

    @Test
    void settlingAPaymentNeverChargedExpiresItAndNoLaterChargeIsMade() {
        fixture.givenNoPriorActivity()
                .when(ExpirePaymentCommand.forOrder(ORDER, AMOUNT))
                .expectEvents(new PaymentExpiredEvent(PAYMENT, ORDER, AMOUNT));
        assertThat(meters.counter("payments.outcomes", "outcome", "expired").count()).isEqualTo(1);

        fixture.given(new PaymentExpiredEvent(PAYMENT, ORDER, AMOUNT))
                .when(ProcessPaymentCommand.forOrder(ORDER, AMOUNT, "tok_visa"))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
        assertThat(provider.charge(PAYMENT, AMOUNT, "tok_visa")).isEqualTo(new ChargeOutcome.NeverCharged());
        assertThat(provider.chargeCount()).isZero();
    }

    @Test
    void settlingAnAnsweredPaymentKeepsTheAnswer() {
        fixture.given(COMPLETED)
                .when(ExpirePaymentCommand.forOrder(ORDER, AMOUNT))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }
}
