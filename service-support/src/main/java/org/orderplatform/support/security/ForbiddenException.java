package org.orderplatform.support.security;

/** A request the caller's token does not allow; answered {@code 403} with the message as detail. */
public class ForbiddenException extends RuntimeException {

    public ForbiddenException(String message) {
        super(message);
    }
}
