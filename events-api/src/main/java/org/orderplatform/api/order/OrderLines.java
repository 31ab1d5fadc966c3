package org.orderplatform.api.order;

import org.orderplatform.api.common.Money;
import org.orderplatform.api.common.Require;

import java.util.HashSet;
import java.util.List;

/** The rules every list of order lines obeys, wherever it travels: not empty, one line per product, one currency. */
final class OrderLines {

    private OrderLines() {
    }

    static List<OrderLine> validated(List<OrderLine> lines) {
        List<OrderLine> copy = List.copyOf(Require.nonEmpty(lines, "lines"));
        var products = new HashSet<>();
        for (OrderLine line : copy) {
            if (!products.add(line.productId())) {
                throw new IllegalArgumentException("lines name product " + line.productId() + " more than once");
            }
        }
        String currency = copy.get(0).unitPrice().currency();
        if (copy.stream().anyMatch(line -> !line.unitPrice().hasCurrency(currency))) {
            throw new IllegalArgumentException("all lines must be priced in one currency");
        }
        return copy;
    }

    static Money total(List<OrderLine> lines) {
        return lines.stream()
                .map(OrderLine::subtotal)
                .reduce(Money.zero(lines.get(0).unitPrice().currency()), Money::plus);
    }
}
