package org.orderplatform.notification.deadletter;

/** The Kafka broker did not answer in time: the dead letters can be neither read nor resent now. */
class DeadLettersUnavailableException extends RuntimeException {

    DeadLettersUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
