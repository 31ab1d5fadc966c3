package org.orderplatform.support.deadletter;

/** The letter's sequence is being retried elsewhere (another request or instance, or the automatic retry). */
public class DeadLetterBusyException extends RuntimeException {

    DeadLetterBusyException(String message) {
        super(message);
    }
}
