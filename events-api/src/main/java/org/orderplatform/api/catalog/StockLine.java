package org.orderplatform.api.catalog;

import org.orderplatform.api.common.Require;

/** A quantity of one product, as reserved or released for an order. */
public record StockLine(ProductId productId, int quantity) {

    public StockLine {
        Require.present(productId, "productId");
        Require.positive(quantity, "quantity");
    }
}
