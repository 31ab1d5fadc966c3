package org.orderplatform.api.order;

/** Why an accepted order was cancelled. */
public enum CancellationReason {
    PAYMENT_DECLINED,
    PAYMENT_TIMEOUT,
    CUSTOMER_REQUEST,
    /** An operator compensated an order its saga could not finish. */
    OPERATOR_REQUEST
}
