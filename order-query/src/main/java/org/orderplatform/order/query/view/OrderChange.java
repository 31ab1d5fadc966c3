package org.orderplatform.order.query.view;

import org.bson.Document;

import java.util.Optional;

/** One event's effect on an order's document, identified by the event's sequence number in the order. */
interface OrderChange {

    String orderId();

    long sequence();

    /** Whether this event creates the order's document: the order's first event. */
    boolean creates();

    /** The document after this event, or empty if the event does not apply (already seen, or not placed yet). */
    Optional<Document> applyTo(Document current);
}
