package org.orderplatform.api.catalog;

import org.orderplatform.api.common.Require;

import java.util.HashSet;
import java.util.List;

/** The rules every list of stock lines obeys: not empty, one line per product. */
final class StockLines {

    private StockLines() {
    }

    static List<StockLine> validated(List<StockLine> lines) {
        List<StockLine> copy = List.copyOf(Require.nonEmpty(lines, "lines"));
        var products = new HashSet<ProductId>();
        for (StockLine line : copy) {
            if (!products.add(line.productId())) {
                throw new IllegalArgumentException("lines name product " + line.productId() + " more than once");
            }
        }
        return copy;
    }
}
