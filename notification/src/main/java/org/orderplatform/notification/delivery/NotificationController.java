package org.orderplatform.notification.delivery;

import jakarta.validation.constraints.NotBlank;
import org.orderplatform.notification.email.EmailKind;
import org.orderplatform.notification.recipient.OrderRecipients;
import org.orderplatform.support.security.Caller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.util.List;

@RestController
class NotificationController {

    private final NotificationLog log;
    private final OrderRecipients recipients;

    NotificationController(NotificationLog log, OrderRecipients recipients) {
        this.log = log;
        this.recipients = recipients;
    }

    record SentNotification(String orderId, EmailKind kind, String to, Instant sentAt, String messageId) {
    }

    /**
     * The emails sent about an order, oldest first; skipped ones are not listed, as they were not sent. An order not
     * known yet has none, for any caller: its {@code OrderPlacedEvent} may still be on its way, and refusing would
     * refuse its own customer too.
     */
    @GetMapping("/notifications")
    List<SentNotification> sent(@RequestParam @NotBlank String orderId) {
        recipients.of(orderId).ifPresent(recipient ->
                Caller.current().requireActingFor(recipient.customerId(), "order " + orderId));
        return log.sentFor(orderId).stream()
                .map(record -> new SentNotification(record.orderId(), record.kind(), record.to(), record.sentAt(),
                        record.messageId()))
                .toList();
    }
}
