package org.orderplatform.catalog.product;

import org.orderplatform.api.catalog.ProductId;

/** A stock level was set below what open orders have reserved. */
public class StockBelowReservedException extends RuntimeException {

    StockBelowReservedException(ProductId id, int onHand, int reserved) {
        super("onHand " + onHand + " of product " + id + " would be below the " + reserved + " reserved for open orders");
    }
}
