package org.orderplatform.payment.provider;

import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.timelimiter.TimeLimiter;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.transport.Kind;
import io.micrometer.observation.transport.SenderContext;
import org.orderplatform.api.common.Money;
import org.orderplatform.api.payment.PaymentId;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Guards calls to the provider: each call is cut off after the time limit, and only transient failures are
 * retried, which is safe because every call carries its idempotency key. Each operation, retries included, is
 * observed as {@code payment.provider}: a client span in the order's trace, and a timer by operation and outcome.
 */
public class ResilientPaymentProvider implements PaymentProvider {

    static final String OBSERVATION = "payment.provider";
    private static final String PROVIDER = "payment-provider";

    private final PaymentProvider provider;
    private final Retry retry;
    private final TimeLimiter timeLimiter;
    private final ExecutorService calls;
    private final ObservationRegistry observations;

    public ResilientPaymentProvider(PaymentProvider provider, Retry retry, TimeLimiter timeLimiter, ExecutorService calls,
                                    ObservationRegistry observations) {
        this.provider = provider;
        this.retry = retry;
        this.timeLimiter = timeLimiter;
        this.calls = calls;
        this.observations = observations;
    }

    @Override
    public ChargeOutcome charge(PaymentId idempotencyKey, Money amount, String paymentToken) {
        return guarded("charge", () -> provider.charge(idempotencyKey, amount, paymentToken));
    }

    @Override
    public ChargeOutcome settle(PaymentId idempotencyKey) {
        return guarded("settle", () -> provider.settle(idempotencyKey));
    }

    @Override
    public void refund(PaymentId idempotencyKey, String chargeReference, Money amount) {
        guarded("refund", () -> {
            provider.refund(idempotencyKey, chargeReference, amount);
            return null;
        });
    }

    private <T> T guarded(String operation, Supplier<T> call) {
        SenderContext<Object> client = new SenderContext<>((carrier, key, value) -> {
            // The simulated provider takes no headers; a real one would get the trace context here.
        }, Kind.CLIENT);
        client.setRemoteServiceName(PROVIDER);
        return Observation.createNotStarted(OBSERVATION, () -> client, observations)
                .contextualName(PROVIDER + " " + operation)
                .lowCardinalityKeyValue("operation", operation)
                .observe(() -> retry.executeSupplier(() -> timeLimited(call)));
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
