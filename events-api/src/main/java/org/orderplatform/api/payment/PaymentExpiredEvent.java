package org.orderplatform.api.payment;

import org.orderplatform.api.common.Money;
import org.orderplatform.api.order.OrderId;

/** The order stopped waiting before the provider charged anything; nothing was charged and nothing will be. */
public record PaymentExpiredEvent(PaymentId paymentId, OrderId orderId, Money amount) {
}
