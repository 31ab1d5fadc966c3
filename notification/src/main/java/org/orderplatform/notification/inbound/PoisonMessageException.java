package org.orderplatform.notification.inbound;

/** A record that can never be handled as it is: it goes to the dead-letter topic at once, without retries. */
public class PoisonMessageException extends RuntimeException {

    public PoisonMessageException(String message) {
        super(message);
    }

    public PoisonMessageException(String message, Throwable cause) {
        super(message, cause);
    }
}
