package org.orderplatform.notification.email;

/** The SMTP server refused the email for good, for example the recipient's address. */
public class UndeliverableEmailException extends RuntimeException {

    public UndeliverableEmailException(String message) {
        super(message);
    }

    public UndeliverableEmailException(String message, Throwable cause) {
        super(message, cause);
    }
}
