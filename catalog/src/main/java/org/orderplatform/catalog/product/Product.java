package org.orderplatform.catalog.product;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.index.Indexed;
import org.springframework.data.mongodb.core.mapping.Document;

import java.util.List;

/**
 * A product as stored. {@code available} is kept beside {@code onHand} and {@code reserved} so that a reservation
 * is one conditional update ("at least this many available"); {@code holds} names the orders that reserved stock,
 * which makes reserving and releasing idempotent per order; {@code version} orders changes to {@code onHand}.
 */
@Document("products")
public record Product(@Id String id,
                      @Indexed(unique = true) String sku,
                      String name,
                      String price,
                      String currency,
                      int onHand,
                      int reserved,
                      int available,
                      List<Hold> holds,
                      long version) {

    public Product {
        holds = holds == null ? List.of() : List.copyOf(holds);
    }

    /** Stock held for one order. */
    public record Hold(String orderId, int quantity) {
    }
}
