package org.orderplatform.api.payment;

import com.fasterxml.jackson.annotation.JsonFormat;
import org.orderplatform.api.order.OrderId;

import java.math.BigDecimal;

/** A payment as clients see it; {@code reason} is set when the payment failed. */
public record PaymentView(PaymentId paymentId,
                          OrderId orderId,
                          PaymentStatus status,
                          @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal amount,
                          String currency,
                          String reason) {
}
