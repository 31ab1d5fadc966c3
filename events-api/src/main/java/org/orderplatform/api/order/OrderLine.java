package org.orderplatform.api.order;

import org.orderplatform.api.catalog.ProductId;
import org.orderplatform.api.common.Money;
import org.orderplatform.api.common.Require;

/** One product of an order, at the unit price quoted when the order was placed. */
public record OrderLine(ProductId productId, int quantity, Money unitPrice) {

    public OrderLine {
        Require.present(productId, "productId");
        Require.positive(quantity, "quantity");
        Require.present(unitPrice, "unitPrice");
    }

    public Money subtotal() {
        return unitPrice.times(quantity);
    }
}
