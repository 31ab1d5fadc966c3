package org.orderplatform.notification.recipient;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/** Whom to tell about an order, as its {@code OrderPlacedEvent} said: the only source of the address. */
@Document("order_recipients")
public record OrderRecipient(@Id String orderId, String customerId, String email) {
}
