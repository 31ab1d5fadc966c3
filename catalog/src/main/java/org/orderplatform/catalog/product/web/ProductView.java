package org.orderplatform.catalog.product.web;

import org.orderplatform.catalog.product.Product;

/** A product as clients see it: price as a decimal string beside its currency, stock with what is free. */
record ProductView(String productId, String sku, String name, String price, String currency, Stock stock) {

    record Stock(int onHand, int reserved, int available) {
    }

    static ProductView of(Product product) {
        return new ProductView(product.id(), product.sku(), product.name(), product.price(), product.currency(),
                new Stock(product.onHand(), product.reserved(), product.available()));
    }
}
