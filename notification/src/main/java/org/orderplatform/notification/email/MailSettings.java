package org.orderplatform.notification.email;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param from            the sender customers see
 * @param messageIdDomain the right-hand side of every {@code Message-ID}, whose left-hand side is the event identifier
 */
@ConfigurationProperties("notification.mail")
public record MailSettings(String from, String messageIdDomain) {
}
