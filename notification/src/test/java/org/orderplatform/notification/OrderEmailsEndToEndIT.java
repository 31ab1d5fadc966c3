package org.orderplatform.notification;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventhandling.gateway.EventGateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.orderplatform.api.catalog.ProductId;
import org.orderplatform.api.catalog.StockLine;
import org.orderplatform.api.catalog.StockReservedEvent;
import org.orderplatform.api.common.Money;
import org.orderplatform.api.order.CancelOrderCommand;
import org.orderplatform.api.order.CancellationReason;
import org.orderplatform.api.order.CustomerId;
import org.orderplatform.api.order.OrderId;
import org.orderplatform.api.order.OrderLine;
import org.orderplatform.api.order.PlaceOrderCommand;
import org.orderplatform.api.payment.PaymentCompletedEvent;
import org.orderplatform.api.payment.PaymentId;
import org.orderplatform.api.payment.PaymentRefundedEvent;
import org.orderplatform.infra.ReceivedEmail;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Facts appended through Axon in order-command reach the customer as emails, through the Kafka bridge and notification. */
class OrderEmailsEndToEndIT {

    private static final OrderPlatform PLATFORM = new OrderPlatform();
    private static final Money MUG = Money.of("29.90", "EUR");

    private final CommandGateway commands = PLATFORM.orderCommand.getBean(CommandGateway.class);
    private final EventGateway events = PLATFORM.orderCommand.getBean(EventGateway.class);

    @AfterAll
    static void stop() {
        PLATFORM.close();
    }

    @Test
    void customerIsToldOfEachStepOfAConfirmedAndOfACancelledOrder() {
        String email = "ada-" + UUID.randomUUID() + "@example.com";
        OrderId confirmed = placeOrder(email);
        // The saga confirms the order once stock is reserved and the payment completed.
        events.publish(new StockReservedEvent(confirmed, List.of(new StockLine(new ProductId("mug"), 1))));
        events.publish(new PaymentCompletedEvent(PaymentId.forOrder(confirmed), confirmed, MUG, "charge-1"));
        OrderId cancelled = placeOrder(email);
        commands.sendAndWait(new CancelOrderCommand(cancelled, CancellationReason.CUSTOMER_REQUEST));
        events.publish(new PaymentRefundedEvent(PaymentId.forOrder(cancelled), cancelled, MUG));

        await().atMost(Duration.ofSeconds(30)).until(() -> emailsTo(email).size() >= 5);
        await().pollDelay(Duration.ofSeconds(2)).until(() -> true);
        assertThat(emailsTo(email)).extracting(ReceivedEmail::subject).containsExactlyInAnyOrder(
                "We received your order " + confirmed,
                "Your order " + confirmed + " is confirmed",
                "We received your order " + cancelled,
                "Your order " + cancelled + " was cancelled",
                "Your payment for order " + cancelled + " was refunded");
        assertThat(emailsTo(email)).filteredOn(received -> received.subject().endsWith("was cancelled"))
                .singleElement().satisfies(received -> assertThat(received.text())
                        .hasValueSatisfying(text -> assertThat(text).contains("because you asked us to cancel it")));
    }

    private OrderId placeOrder(String email) {
        OrderId order = OrderId.generate();
        commands.sendAndWait(new PlaceOrderCommand(order, new CustomerId("customer-" + UUID.randomUUID()), email,
                List.of(new OrderLine(new ProductId("mug"), 1, MUG)), "tok_visa"));
        return order;
    }

    private static List<ReceivedEmail> emailsTo(String address) {
        return PLATFORM.smtp.receivedEmails().stream().filter(received -> received.to().contains(address)).toList();
    }
}
