package org.orderplatform.api.order;

/** Where an order stands; every status but {@code PENDING} is final. */
public enum OrderStatus {
    PENDING,
    CONFIRMED,
    REJECTED,
    CANCELLED;

    public boolean isFinal() {
        return this != PENDING;
    }
}
