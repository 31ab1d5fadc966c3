package org.orderplatform.payment.provider;

import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.timelimiter.TimeLimiter;
import org.orderplatform.api.common.Money;
import org.orderplatform.api.payment.PaymentId;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Guards calls to the provider: each call is cut off after the time limit, and only transient failures are
 * retried, which is safe because every call carries its idempotency key.
 */
public class ResilientPaymentProvider implements PaymentProvider {

    private final PaymentProvider provider;
    private final Retry retry;
    private final TimeLimiter timeLimiter;
    private final ExecutorService calls;

    public ResilientPaymentProvider(PaymentProvider provider, Retry retry, TimeLimiter timeLimiter, ExecutorService calls) {
        this.provider = provider;
        this.retry = retry;
        this.timeLimiter = timeLimiter;
        this.calls = calls;
    }

    @Override
    public ChargeOutcome charge(PaymentId idempotencyKey, Money amount, String paymentToken) {
        return guarded(() -> provider.charge(idempotencyKey, amount, paymentToken));
    }

    @Override
    public ChargeOutcome settle(PaymentId idempotencyKey) {
        return guarded(() -> provider.settle(idempotencyKey));
    }

    @Override
    public void refund(PaymentId idempotencyKey, String chargeReference, Money amount) {
        guarded(() -> {
            provider.refund(idempotencyKey, chargeReference, amount);
            return null;
        });
    }

    private <T> T guarded(Supplier<T> call) {
        return retry.executeSupplier(() -> timeLimited(call));
    }

    private <T> T timeLimited(Supplier<T> call) {
        // A submitted task, unlike a CompletableFuture, is interrupted when the time limiter cancels it.
        Supplier<Future<T>> future = () -> calls.submit(call::get);
        try {
            return timeLimiter.executeFutureSupplier(future);
        } catch (TimeoutException e) {
            throw new ProviderTimeoutException(timeLimiter.getTimeLimiterConfig().getTimeoutDuration());
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("payment provider call failed", e);
        }
    }
}
