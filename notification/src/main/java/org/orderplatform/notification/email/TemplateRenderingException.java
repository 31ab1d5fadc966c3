package org.orderplatform.notification.email;

/** An email could not be written from its event. */
public class TemplateRenderingException extends RuntimeException {

    public TemplateRenderingException(String message, Throwable cause) {
        super(message, cause);
    }
}
