package org.orderplatform.bench;

/** A product's stock as catalog reports it. */
record StockLevel(long onHand, long reserved) {

    /**
     * What orders took between {@code before} and this level: held in a reservation, or sold from on hand. It counts
     * both, since catalog sells a confirmed order's stock shortly after the confirmation, not at once.
     */
    long takenSince(StockLevel before) {
        return (before.onHand - onHand) + (reserved - before.reserved);
    }
}
