package org.orderplatform.api.payment;

/** Where a payment stands once the provider has answered. */
public enum PaymentStatus {
    COMPLETED,
    FAILED,
    REFUNDED
}
