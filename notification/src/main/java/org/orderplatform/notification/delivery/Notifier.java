package org.orderplatform.notification.delivery;

import org.orderplatform.api.order.OrderCancelledEvent;
import org.orderplatform.api.order.OrderConfirmedEvent;
import org.orderplatform.api.order.OrderId;
import org.orderplatform.api.order.OrderPlacedEvent;
import org.orderplatform.api.payment.PaymentRefundedEvent;
import org.orderplatform.notification.email.EmailContent;
import org.orderplatform.notification.email.EmailKind;
import org.orderplatform.notification.email.EmailTemplates;
import org.orderplatform.notification.email.Mailer;
import org.orderplatform.notification.email.UndeliverableEmailException;
import org.orderplatform.notification.inbound.PublishedEvent;
import org.orderplatform.notification.inbound.PublishedEvents;
import org.orderplatform.notification.preference.NotificationPreferences;
import org.orderplatform.notification.recipient.DeferredEvent;
import org.orderplatform.notification.recipient.OrderRecipient;
import org.orderplatform.notification.recipient.OrderRecipients;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Turns facts into emails, exactly one per fact: the attempt is recorded under the event identifier before the
 * SMTP server is asked, the outcome after; an email the server refused for good is recorded as undeliverable and
 * never sent. Events that lead to no email are passed over.
 */
@Component
public class Notifier {

    private static final Logger logger = LoggerFactory.getLogger(Notifier.class);

    private final OrderRecipients recipients;
    private final NotificationLog log;
    private final NotificationPreferences preferences;
    private final EmailTemplates templates;
    private final Mailer mailer;
    private final PublishedEvents events;
    private final NotificationMetrics metrics;
    private final Clock clock = Clock.systemUTC();

    Notifier(OrderRecipients recipients, NotificationLog log, NotificationPreferences preferences,
             EmailTemplates templates, Mailer mailer, PublishedEvents events, NotificationMetrics metrics) {
        this.recipients = recipients;
        this.log = log;
        this.preferences = preferences;
        this.templates = templates;
        this.mailer = mailer;
        this.events = events;
        this.metrics = metrics;
    }

    public void handle(PublishedEvent event) {
        Object payload = event.payload();
        if (payload instanceof OrderPlacedEvent placed) {
            OrderRecipient recipient = new OrderRecipient(placed.orderId().value(), placed.customerId().value(),
                    placed.customerEmail());
            recipients.remember(recipient);
            notify(event, recipient, EmailKind.ORDER_RECEIVED);
            releaseDeferred(recipient);
        } else if (payload instanceof OrderConfirmedEvent confirmed) {
            notifyWhenKnown(event, confirmed.orderId(), EmailKind.ORDER_CONFIRMED);
        } else if (payload instanceof OrderCancelledEvent cancelled) {
            notifyWhenKnown(event, cancelled.orderId(), EmailKind.ORDER_CANCELLED);
        } else if (payload instanceof PaymentRefundedEvent refunded) {
            notifyWhenKnown(event, refunded.orderId(), EmailKind.PAYMENT_REFUNDED);
        }
    }

    /**
     * An operator resends the fact after fixing why the SMTP server refused its email for good: the email may be tried
     * once more instead of being dead-lettered again unasked.
     */
    public void forgetRefusal(String eventId) {
        log.forgetUndeliverable(eventId);
    }

    private void notifyWhenKnown(PublishedEvent event, OrderId orderId, EmailKind kind) {
        Optional<OrderRecipient> recipient = recipients.of(orderId.value());
        if (recipient.isPresent()) {
            notify(event, recipient.get(), kind);
            return;
        }
        recipients.defer(new DeferredEvent(event.eventId(), orderId.value(), event.type(), event.occurredAt(),
                events.payloadJson(event.payload()), clock.instant()));
        metrics.deferred();
        // The order may have become known while this event was deferred, on another consumer thread.
        recipients.of(orderId.value()).ifPresent(this::releaseDeferred);
    }

    private void releaseDeferred(OrderRecipient recipient) {
        for (DeferredEvent deferred : recipients.deferredFor(recipient.orderId())) {
            try {
                handle(new PublishedEvent(deferred.eventId(), deferred.type(), deferred.occurredAt(),
                        events.payload(deferred.type(), deferred.payloadJson())));
            } catch (UndeliverableEmailException refused) {
                // Recorded as undeliverable; the record that released it is not at fault and its own was consumed long ago.
                logger.warn("The email about event {} cannot be delivered: {}", deferred.eventId(), refused.getMessage());
            }
            recipients.forget(deferred);
        }
    }

    private void notify(PublishedEvent event, OrderRecipient recipient, EmailKind kind) {
        NotificationRecord record = log.recordAttempt(new NotificationRecord(event.eventId(), recipient.orderId(), kind,
                recipient.email(), mailer.messageIdFor(event.eventId()), NotificationRecord.Status.SENDING,
                event.occurredAt(), clock.instant(), null, null));
        if (record.status() == NotificationRecord.Status.UNDELIVERABLE) {
            // Dead-lettered again, never sent: the first time may not have reached the dead-letter topic.
            throw new UndeliverableEmailException(record.failure());
        }
        if (record.done()) {
            metrics.deduplicated();
            return;
        }
        if (!preferences.emailEnabled(recipient.customerId())) {
            log.markSkipped(event.eventId());
            metrics.skipped(kind);
            return;
        }
        EmailContent content = templates.render(kind, event.payload());
        try {
            mailer.send(record.messageId(), record.to(), content);
        } catch (UndeliverableEmailException refused) {
            // Recorded before the record is dead-lettered, so that no redelivery can send it after all.
            log.markUndeliverable(event.eventId(), refused.getMessage());
            throw refused;
        }
        Instant sentAt = clock.instant();
        log.markSent(event.eventId(), sentAt);
        metrics.sent(kind, Duration.between(event.occurredAt(), sentAt));
        // The address stays out of the log: the order and the event say which email it was.
        logger.info("Emailed {} about order {} (event {})", kind, recipient.orderId(), event.eventId());
    }
}
