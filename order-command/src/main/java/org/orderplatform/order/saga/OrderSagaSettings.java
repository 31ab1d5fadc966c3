package org.orderplatform.order.saga;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * How long the order saga waits, and how often it asks again.
 *
 * @param stockTimeout   how long a placed order waits for the catalog's answer before it is rejected
 * @param paymentTimeout how long a reserved order waits for the payment's answer before the payment is settled:
 *                       a charge made by then confirms the order, none cancels it
 * @param retryInterval  how long an unanswered command waits before it is sent again
 */
@ConfigurationProperties("orders.saga")
public record OrderSagaSettings(@DefaultValue("5m") Duration stockTimeout,
                                @DefaultValue("30s") Duration paymentTimeout,
                                @DefaultValue("10s") Duration retryInterval) {
}
