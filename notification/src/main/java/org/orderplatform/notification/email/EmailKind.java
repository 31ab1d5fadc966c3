package org.orderplatform.notification.email;

/** The emails a customer can receive, one per fact. */
public enum EmailKind {
    ORDER_RECEIVED,
    ORDER_CONFIRMED,
    ORDER_CANCELLED,
    PAYMENT_REFUNDED
}
