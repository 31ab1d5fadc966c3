package org.orderplatform.order.catalog;

import java.time.Duration;

/** The catalog cannot be asked now; {@code retryAfter} is when asking again may succeed. */
public class CatalogUnavailableException extends RuntimeException {

    private final Duration retryAfter;

    CatalogUnavailableException(String message, Duration retryAfter, Throwable cause) {
        super(message, cause);
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
