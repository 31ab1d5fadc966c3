package org.orderplatform.api.order;

/** Why an order was rejected before anything was charged. */
public enum RejectionReason {
    OUT_OF_STOCK
}
