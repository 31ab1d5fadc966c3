package org.orderplatform.api.payment;

/** Where a payment stands once it is settled. */
public enum PaymentStatus {
    COMPLETED,
    FAILED,
    /** Nothing was charged before the order stopped waiting, and nothing can be. */
    EXPIRED,
    REFUNDED
}
