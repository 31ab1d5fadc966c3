package org.orderplatform.bench;

/** A product's stock as catalog reports it. */
record StockLevel(long onHand, long reserved) {

    /**
     * What orders took between {@code before} and this level: held in a reservation, or consumed from on hand. It
     * counts both, so it holds whether confirming an order keeps the hold reserved or consumes it.
     */
    long takenSince(StockLevel before) {
        return (before.onHand - onHand) + (reserved - before.reserved);
    }
}
