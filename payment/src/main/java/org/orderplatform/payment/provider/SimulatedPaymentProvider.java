package org.orderplatform.payment.provider;

import org.orderplatform.api.common.Money;
import org.orderplatform.api.payment.PaymentId;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A provider that behaves by token, as the contract describes: {@code tok_declined} is declined, {@code tok_timeout}
 * never answers, {@code tok_late_answer} is charged but its answer never comes (as when a response is lost),
 * {@code tok_flaky} fails transiently twice and then succeeds, anything else is charged. Answers
 * are remembered by idempotency key, so a repeated call is answered again without a second charge, and a key
 * settled before its charge was decided stays uncharged.
 */
public class SimulatedPaymentProvider implements PaymentProvider {

    static final String DECLINED = "tok_declined";
    static final String NEVER_ANSWERS = "tok_timeout";
    static final String CHARGED_WITHOUT_ANSWER = "tok_late_answer";
    static final String FLAKY = "tok_flaky";
    private static final int FLAKY_FAILURES = 2;

    private final Duration latency;
    private final Map<PaymentId, ChargeOutcome> outcomes = new ConcurrentHashMap<>();
    private final Map<PaymentId, AtomicInteger> attempts = new ConcurrentHashMap<>();
    private final Map<PaymentId, String> refunds = new ConcurrentHashMap<>();
    private final AtomicInteger charges = new AtomicInteger();

    public SimulatedPaymentProvider(Duration latency) {
        this.latency = latency;
    }

    @Override
    public ChargeOutcome charge(PaymentId idempotencyKey, Money amount, String paymentToken) {
        int attempt = attempts.computeIfAbsent(idempotencyKey, key -> new AtomicInteger()).incrementAndGet();
        pause(latency);
        switch (paymentToken) {
            case NEVER_ANSWERS -> hang();
            case CHARGED_WITHOUT_ANSWER -> {
                outcomes.computeIfAbsent(idempotencyKey, key -> decide(key, paymentToken));
                hang();
            }
            case FLAKY -> {
                if (attempt <= FLAKY_FAILURES) {
                    throw new TransientProviderException("provider unavailable (attempt " + attempt + ")");
                }
            }
            default -> {
            }
        }
        return outcomes.computeIfAbsent(idempotencyKey, key -> decide(key, paymentToken));
    }

    private ChargeOutcome decide(PaymentId key, String paymentToken) {
        if (DECLINED.equals(paymentToken)) {
            return new ChargeOutcome.Declined("card declined");
        }
        charges.incrementAndGet();
        return new ChargeOutcome.Charged("charge-" + key);
    }

    @Override
    public ChargeOutcome settle(PaymentId idempotencyKey) {
        pause(latency);
        return outcomes.computeIfAbsent(idempotencyKey, key -> new ChargeOutcome.NeverCharged());
    }

    @Override
    public void refund(PaymentId idempotencyKey, String chargeReference, Money amount) {
        pause(latency);
        if (!(outcomes.get(idempotencyKey) instanceof ChargeOutcome.Charged charged)
                || !charged.chargeReference().equals(chargeReference)) {
            throw new IllegalArgumentException("no charge " + chargeReference + " to refund for " + idempotencyKey);
        }
        refunds.putIfAbsent(idempotencyKey, chargeReference);
    }

    /** How many distinct charges were made, whatever the number of calls. */
    public int chargeCount() {
        return charges.get();
    }

    public boolean refunded(PaymentId idempotencyKey) {
        return refunds.containsKey(idempotencyKey);
    }

    private static void pause(Duration duration) {
        if (!duration.isZero()) {
            sleepInterruptibly(duration);
        }
    }

    // Blocks until the caller gives up and interrupts, as a provider that never answers would.
    private static void hang() {
        try {
            new CountDownLatch(1).await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransientProviderException("provider did not answer");
        }
    }

    private static void sleepInterruptibly(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransientProviderException("interrupted while waiting for the provider");
        }
    }
}
