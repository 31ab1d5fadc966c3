package org.orderplatform.notification.email;

import org.orderplatform.api.common.Money;
import org.orderplatform.api.order.CancellationReason;
import org.orderplatform.api.order.OrderCancelledEvent;
import org.orderplatform.api.order.OrderConfirmedEvent;
import org.orderplatform.api.order.OrderLine;
import org.orderplatform.api.order.OrderPlacedEvent;
import org.orderplatform.api.payment.PaymentRefundedEvent;
import org.springframework.stereotype.Component;
import org.springframework.web.util.HtmlUtils;

import java.util.stream.Collectors;

/**
 * Writes each email as plain text and as self-contained HTML (no images, fonts or style sheets to fetch). Every
 * value from an event is HTML-escaped in the HTML part.
 */
@Component
public class EmailTemplates {

    public EmailContent render(EmailKind kind, Object event) {
        try {
            return switch (kind) {
                case ORDER_RECEIVED -> received((OrderPlacedEvent) event);
                case ORDER_CONFIRMED -> confirmed((OrderConfirmedEvent) event);
                case ORDER_CANCELLED -> cancelled((OrderCancelledEvent) event);
                case PAYMENT_REFUNDED -> refunded((PaymentRefundedEvent) event);
            };
        } catch (RuntimeException e) {
            throw new TemplateRenderingException("cannot render " + kind + " from " + event.getClass().getSimpleName(), e);
        }
    }

    private static EmailContent received(OrderPlacedEvent event) {
        String orderId = event.orderId().value();
        String textLines = event.lines().stream()
                .map(line -> "  " + line.quantity() + " x " + line.productId().value() + " at " + money(line.unitPrice()))
                .collect(Collectors.joining("\n"));
        String htmlLines = event.lines().stream()
                .map(EmailTemplates::htmlRow)
                .collect(Collectors.joining());
        return new EmailContent(
                "We received your order " + orderId,
                """
                Thank you for your order %s.

                %s

                Total: %s

                We are reserving your items and charging your card; you will hear from us again when the order is confirmed.
                """.formatted(orderId, textLines, money(event.total())),
                page("We received your order",
                        "<p>Thank you for your order <strong>" + escape(orderId) + "</strong>.</p>"
                                + "<table><tr><th>Quantity</th><th>Product</th><th>Unit price</th></tr>" + htmlLines + "</table>"
                                + "<p>Total: <strong>" + escape(money(event.total())) + "</strong></p>"
                                + "<p>We are reserving your items and charging your card; you will hear from us again"
                                + " when the order is confirmed.</p>"));
    }

    private static String htmlRow(OrderLine line) {
        return "<tr><td>" + line.quantity() + "</td><td>" + escape(line.productId().value()) + "</td><td>"
                + escape(money(line.unitPrice())) + "</td></tr>";
    }

    private static EmailContent confirmed(OrderConfirmedEvent event) {
        String orderId = event.orderId().value();
        return new EmailContent(
                "Your order " + orderId + " is confirmed",
                """
                Your order %s is confirmed: your payment was received and your items are reserved for you.
                """.formatted(orderId),
                page("Your order is confirmed",
                        "<p>Your order <strong>" + escape(orderId) + "</strong> is confirmed: your payment was received"
                                + " and your items are reserved for you.</p>"));
    }

    private static EmailContent cancelled(OrderCancelledEvent event) {
        String orderId = event.orderId().value();
        String reason = humanReason(event.reason());
        return new EmailContent(
                "Your order " + orderId + " was cancelled",
                """
                Your order %s was cancelled because %s.

                Any reserved items were released; a payment already taken is refunded.
                """.formatted(orderId, reason),
                page("Your order was cancelled",
                        "<p>Your order <strong>" + escape(orderId) + "</strong> was cancelled because "
                                + escape(reason) + ".</p>"
                                + "<p>Any reserved items were released; a payment already taken is refunded.</p>"));
    }

    static String humanReason(CancellationReason reason) {
        return switch (reason) {
            case PAYMENT_DECLINED -> "your payment was declined";
            case PAYMENT_TIMEOUT -> "we did not receive a confirmation of your payment in time";
            case CUSTOMER_REQUEST -> "you asked us to cancel it";
            case OPERATOR_REQUEST -> "we could not complete it";
        };
    }

    private static EmailContent refunded(PaymentRefundedEvent event) {
        String orderId = event.orderId().value();
        String amount = money(event.amount());
        return new EmailContent(
                "Your payment for order " + orderId + " was refunded",
                """
                We refunded %s for your order %s. Depending on your bank it can take a few days to show on your statement.
                """.formatted(amount, orderId),
                page("Your payment was refunded",
                        "<p>We refunded <strong>" + escape(amount) + "</strong> for your order <strong>"
                                + escape(orderId) + "</strong>. Depending on your bank it can take a few days to show"
                                + " on your statement.</p>"));
    }

    private static String money(Money money) {
        return money.amount().toPlainString() + " " + money.currency();
    }

    private static String escape(String value) {
        return HtmlUtils.htmlEscape(value);
    }

    private static String page(String title, String body) {
        return "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>" + escape(title) + "</title></head>"
                + "<body style=\"font-family:sans-serif\"><h1>" + escape(title) + "</h1>" + body + "</body></html>";
    }
}
