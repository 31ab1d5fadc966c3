package org.orderplatform.payment.provider;

import java.time.Duration;

/** The provider did not answer in time. Not retried: when the order stops waiting, its payment is settled with the provider by idempotency key. */
public class ProviderTimeoutException extends RuntimeException {

    ProviderTimeoutException(Duration limit) {
        super("payment provider did not answer within " + limit.toMillis() + " ms");
    }
}
