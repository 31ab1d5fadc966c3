package org.orderplatform.notification.deadletter;

/** No record waits under the id: none was there, it is no longer kept, or it was resent or dropped. */
class DeadLetterNotFoundException extends RuntimeException {

    DeadLetterNotFoundException(String message) {
        super(message);
    }
}
