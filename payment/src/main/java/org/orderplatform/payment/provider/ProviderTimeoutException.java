package org.orderplatform.payment.provider;

import java.time.Duration;

/** The provider did not answer in time. Not retried: the order's saga decides what a missing answer means. */
public class ProviderTimeoutException extends RuntimeException {

    ProviderTimeoutException(Duration limit) {
        super("payment provider did not answer within " + limit.toMillis() + " ms");
    }
}
