package org.orderplatform.payment.provider;

import org.junit.jupiter.api.Test;
import org.orderplatform.api.common.Money;
import org.orderplatform.api.payment.PaymentId;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SimulatedPaymentProviderTest {

    private static final Money AMOUNT = Money.of("10.00", "EUR");
    private final SimulatedPaymentProvider provider = new SimulatedPaymentProvider(Duration.ZERO);

    @Test
    void chargesAnyOtherTokenOncePerIdempotencyKey() {
        PaymentId key = new PaymentId("payment-1");

        ChargeOutcome first = provider.charge(key, AMOUNT, "tok_visa");
        ChargeOutcome again = provider.charge(key, AMOUNT, "tok_visa");

        assertThat(first).isInstanceOf(ChargeOutcome.Charged.class).isEqualTo(again);
        assertThat(provider.chargeCount()).isEqualTo(1);
    }

    @Test
    void declinesTheDeclinedToken() {
        assertThat(provider.charge(new PaymentId("payment-2"), AMOUNT, "tok_declined"))
                .isEqualTo(new ChargeOutcome.Declined("card declined"));
        assertThat(provider.chargeCount()).isZero();
    }

    @Test
    void failsTheFlakyTokenTwiceThenCharges() {
        PaymentId key = new PaymentId("payment-3");

        assertThatThrownBy(() -> provider.charge(key, AMOUNT, "tok_flaky")).isInstanceOf(TransientProviderException.class);
        assertThatThrownBy(() -> provider.charge(key, AMOUNT, "tok_flaky")).isInstanceOf(TransientProviderException.class);

        assertThat(provider.charge(key, AMOUNT, "tok_flaky")).isInstanceOf(ChargeOutcome.Charged.class);
        assertThat(provider.chargeCount()).isEqualTo(1);
    }

    @Test
    void neverAnswersTheTimeoutTokenUntilTheCallerGivesUp() throws Exception {
        var executor = Executors.newSingleThreadExecutor();
        try {
            Future<ChargeOutcome> call = executor.submit(() -> provider.charge(new PaymentId("payment-4"), AMOUNT, "tok_timeout"));

            assertThatThrownBy(() -> call.get(200, TimeUnit.MILLISECONDS)).isInstanceOf(TimeoutException.class);
            call.cancel(true);
        } finally {
            executor.shutdownNow();
            assertThat(executor.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(provider.chargeCount()).isZero();
    }

    @Test
    void chargesTheLateAnswerTokenWithoutAnsweringAndSettlingFindsTheCharge() throws Exception {
        PaymentId key = new PaymentId("payment-6");
        var executor = Executors.newSingleThreadExecutor();
        try {
            Future<ChargeOutcome> call = executor.submit(() -> provider.charge(key, AMOUNT, "tok_late_answer"));

            assertThatThrownBy(() -> call.get(200, TimeUnit.MILLISECONDS)).isInstanceOf(TimeoutException.class);
            call.cancel(true);
        } finally {
            executor.shutdownNow();
            assertThat(executor.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(provider.settle(key)).isInstanceOf(ChargeOutcome.Charged.class);
        assertThat(provider.chargeCount()).isEqualTo(1);
    }

    @Test
    void settlingAKeyNeverChargedClosesIt() {
        PaymentId key = new PaymentId("payment-7");

        assertThat(provider.settle(key)).isEqualTo(new ChargeOutcome.NeverCharged());
        assertThat(provider.charge(key, AMOUNT, "tok_visa")).isEqualTo(new ChargeOutcome.NeverCharged());
        assertThat(provider.chargeCount()).isZero();
    }

    @Test
    void refundsOnlyACharge() {
        PaymentId key = new PaymentId("payment-5");
        var charged = (ChargeOutcome.Charged) provider.charge(key, AMOUNT, "tok_visa");

        provider.refund(key, charged.chargeReference(), AMOUNT);

        assertThat(provider.refunded(key)).isTrue();
        assertThatThrownBy(() -> provider.refund(new PaymentId("payment-6"), "charge-x", AMOUNT))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
