package org.orderplatform.api.catalog;

import java.util.List;

/** Asks for current prices and availability of the given lines; answered with a {@link QuoteView}. */
public record FindQuoteQuery(List<StockLine> lines) {

    public FindQuoteQuery {
        lines = StockLines.validated(lines);
    }
}
