package org.orderplatform.api.catalog;

import org.orderplatform.api.common.Require;

/** A product that could not be reserved: how many were asked for and how many were available (0 if unknown). */
public record StockShortage(ProductId productId, int requested, int available) {

    public StockShortage {
        Require.present(productId, "productId");
        Require.positive(requested, "requested");
        Require.notNegative(available, "available");
        if (available >= requested) {
            throw new IllegalArgumentException("no shortage: " + available + " available for " + requested + " requested");
        }
    }
}
