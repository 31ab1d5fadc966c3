package org.orderplatform.api.payment;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import org.orderplatform.api.common.Require;
import org.orderplatform.api.order.OrderId;

/**
 * Identifies the payment of one order. It is derived from the order id, so a redelivered or retried payment
 * command addresses the same aggregate and can never charge twice.
 */
public record PaymentId(@JsonValue String value) {

    private static final String PREFIX = "payment-";

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public PaymentId {
        Require.nonBlank(value, "paymentId");
    }

    public static PaymentId forOrder(OrderId orderId) {
        return new PaymentId(PREFIX + Require.present(orderId, "orderId").value());
    }

    @Override
    public String toString() {
        return value;
    }
}
