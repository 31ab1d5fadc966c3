package org.orderplatform.api.catalog;

import org.orderplatform.api.common.Money;

import java.util.List;

/**
 * Current prices and stock for the asked lines; {@code unknown} lists products the catalog does not have, whose lines
 * are absent from {@code lines}. {@code available} is what is free now; {@code onHand} what exists at all, part of it
 * possibly held for orders that may still give it back.
 */
public record QuoteView(List<Line> lines, List<ProductId> unknown) {

    public QuoteView {
        lines = List.copyOf(lines);
        unknown = List.copyOf(unknown);
    }

    public record Line(ProductId productId, int quantity, Money unitPrice, int available, int onHand) {

        /** More is asked than the shop has at all, reserved or not: no reservation can succeed. */
        public boolean clearlyInsufficient() {
            return quantity > onHand;
        }
    }
}
