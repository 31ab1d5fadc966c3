package org.orderplatform.notification.deadletter;

/** The record did not come from a topic this service consumes, so sending it back would not have it handled. */
class DeadLetterNotResendableException extends RuntimeException {

    DeadLetterNotResendableException(String message) {
        super(message);
    }
}
