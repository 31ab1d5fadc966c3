package org.orderplatform.payment.provider;

/** The provider failed in a way that may pass: the same call is worth retrying. */
public class TransientProviderException extends RuntimeException {

    public TransientProviderException(String message) {
        super(message);
    }
}
