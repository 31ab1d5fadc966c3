package org.orderplatform.api.order;

/** Why an accepted order was rejected before anything was charged. */
public enum RejectionReason {
    OUT_OF_STOCK,
    /** The catalog did not answer the stock reservation within the saga's stock timeout. */
    CATALOG_UNAVAILABLE
}
