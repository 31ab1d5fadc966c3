package org.orderplatform.notification.email;

/** The SMTP server could not take the email now; the same email is tried again later. */
public class SmtpUnavailableException extends RuntimeException {

    public SmtpUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
