package org.orderplatform.catalog.stock;

import org.orderplatform.api.catalog.StockLine;
import org.orderplatform.api.catalog.StockShortage;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

import java.util.List;

/**
 * What the catalog decided for one order. It is written as {@code PENDING} before any stock is touched, so a
 * handler that crashes half-way leaves a record that a redelivered command completes the same way. {@code SOLD} and
 * {@code RELEASED} settle it: the order's holds are gone from its products, taken from stock or given back.
 */
@Document("reservations")
record Reservation(@Id String orderId, List<StockLine> lines, Status status, List<StockShortage> shortages) {

    enum Status { PENDING, RESERVED, FAILED, RELEASED, SOLD }

    Reservation {
        lines = List.copyOf(lines);
        shortages = shortages == null ? List.of() : List.copyOf(shortages);
    }
}
