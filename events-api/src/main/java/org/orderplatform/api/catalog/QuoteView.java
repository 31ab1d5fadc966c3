package org.orderplatform.api.catalog;

import org.orderplatform.api.common.Money;

import java.util.List;

/**
 * Current prices and availability for the asked lines; {@code unknown} lists products the catalog does not have,
 * whose lines are absent from {@code lines}.
 */
public record QuoteView(List<Line> lines, List<ProductId> unknown) {

    public QuoteView {
        lines = List.copyOf(lines);
        unknown = List.copyOf(unknown);
    }

    public boolean fulfillable() {
        return unknown.isEmpty() && lines.stream().allMatch(Line::inStock);
    }

    public record Line(ProductId productId, int quantity, Money unitPrice, int available) {

        public boolean inStock() {
            return available >= quantity;
        }
    }
}
