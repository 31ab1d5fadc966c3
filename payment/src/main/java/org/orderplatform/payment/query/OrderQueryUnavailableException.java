package org.orderplatform.payment.query;

import org.orderplatform.api.order.OrderId;

import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;

/** Order-query could not say (in time) whose order it is, so a customer cannot be shown its payment now. */
public class OrderQueryUnavailableException extends RuntimeException {

    private final Duration retryAfter;

    OrderQueryUnavailableException(OrderId orderId, Duration timeout, Duration retryAfter, Throwable failure) {
        super("order-query cannot say now whose order " + orderId + " is: " + reason(failure, timeout), failure);
        this.retryAfter = retryAfter;
    }

    /** When asking again may succeed, in whole seconds and at least one. */
    public long retryAfterSeconds() {
        return Math.max(1, (retryAfter.toMillis() + 999) / 1000);
    }

    private static String reason(Throwable failure, Duration timeout) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        return cause instanceof TimeoutException ? "no answer within " + timeout.toMillis() + " ms" : cause.getMessage();
    }
}
