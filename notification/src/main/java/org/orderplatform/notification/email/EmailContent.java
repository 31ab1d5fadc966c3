package org.orderplatform.notification.email;

/** What a customer reads: the same message as plain text and as HTML. */
public record EmailContent(String subject, String text, String html) {
}
