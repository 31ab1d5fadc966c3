package org.orderplatform.notification.delivery;

import jakarta.validation.constraints.NotBlank;
import org.orderplatform.notification.email.EmailKind;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.util.List;

@RestController
class NotificationController {

    private final NotificationLog log;

    NotificationController(NotificationLog log) {
        this.log = log;
    }

    record SentNotification(String orderId, EmailKind kind, String to, Instant sentAt, String messageId) {
    }

    /** The emails sent about an order, oldest first; skipped ones are not listed, as they were not sent. */
    @GetMapping("/notifications")
    List<SentNotification> sent(@RequestParam @NotBlank String orderId) {
        return log.sentFor(orderId).stream()
                .map(record -> new SentNotification(record.orderId(), record.kind(), record.to(), record.sentAt(),
                        record.messageId()))
                .toList();
    }
}
