package org.orderplatform.order.saga;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * How long the order saga waits.
 *
 * @param paymentTimeout    how long a reserved order waits for the payment's answer before it is cancelled
 * @param latePaymentWindow how long a cancelled order still waits for an outstanding payment, to refund it
 */
@ConfigurationProperties("orders.saga")
public record OrderSagaSettings(@DefaultValue("30s") Duration paymentTimeout,
                                @DefaultValue("24h") Duration latePaymentWindow) {
}
