package org.orderplatform.catalog.stock;

import com.mongodb.client.result.UpdateResult;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.gateway.EventGateway;
import org.orderplatform.api.catalog.ReleaseStockCommand;
import org.orderplatform.api.catalog.ReserveStockCommand;
import org.orderplatform.api.catalog.StockLine;
import org.orderplatform.api.catalog.StockReleasedEvent;
import org.orderplatform.api.catalog.StockReservationFailedEvent;
import org.orderplatform.api.catalog.StockReservedEvent;
import org.orderplatform.api.catalog.StockShortage;
import org.orderplatform.api.order.OrderId;
import org.orderplatform.catalog.product.Product;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reserves and releases stock for orders: all lines or none, and idempotent per order. Each product update is one
 * atomic, conditional MongoDB write that also records the order's hold, so concurrent orders never take more than
 * is available and a repeated write is recognised. The outcome is published only after it is recorded; a
 * redelivered command publishes the recorded outcome again and touches no stock.
 */
@Component
class StockReservations {

    private static final int MAX_HOLD_ATTEMPTS = 16;

    private final MongoTemplate mongo;

    StockReservations(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    @CommandHandler
    void handle(ReserveStockCommand command, EventGateway events) {
        Reservation reservation = recordIntent(command);
        switch (reservation.status()) {
            case RESERVED -> events.publish(new StockReservedEvent(command.orderId(), reservation.lines()));
            case FAILED -> events.publish(new StockReservationFailedEvent(command.orderId(), reservation.shortages()));
            case RELEASED, SOLD -> {
                // Reserved and settled already: a late redelivery must not reserve again.
            }
            case PENDING -> reserve(command.orderId(), reservation.lines(), events);
        }
    }

    @CommandHandler
    void handle(ReleaseStockCommand command, EventGateway events) {
        Reservation reservation = mongo.findById(command.orderId().value(), Reservation.class);
        if (reservation == null || reservation.status() == Reservation.Status.FAILED
                || reservation.status() == Reservation.Status.SOLD) {
            return;
        }
        // Settled before the holds go, as for a sale: a reservation running late for this order then gives back
        // what it takes instead of leaving a hold behind.
        mark(command.orderId(), Reservation.Status.RELEASED, List.of());
        reservation.lines().forEach(line -> releaseHold(command.orderId(), line));
        events.publish(new StockReleasedEvent(command.orderId(), reservation.lines()));
    }

    /**
     * Takes a confirmed order's stock for good: its holds leave the products, and what they held leaves the stock on
     * hand. Idempotent like a release: a hold is taken once, whoever comes first.
     */
    void sell(OrderId orderId) {
        Reservation reservation = mongo.findById(orderId.value(), Reservation.class);
        if (reservation == null || (reservation.status() != Reservation.Status.RESERVED
                && reservation.status() != Reservation.Status.SOLD)) {
            return;
        }
        mark(orderId, Reservation.Status.SOLD, List.of());
        reservation.lines().forEach(line -> settleHold(orderId, line, new Update().inc("onHand", -line.quantity())));
    }

    private Reservation recordIntent(ReserveStockCommand command) {
        try {
            return mongo.insert(new Reservation(command.orderId().value(), command.lines(), Reservation.Status.PENDING, List.of()));
        } catch (DuplicateKeyException alreadyRecorded) {
            return mongo.findById(command.orderId().value(), Reservation.class);
        }
    }

    private void reserve(OrderId orderId, List<StockLine> lines, EventGateway events) {
        List<StockShortage> shortages = new ArrayList<>();
        lines.forEach(line -> take(orderId, line).ifPresent(shortages::add));
        if (!shortages.isEmpty()) {
            lines.forEach(line -> releaseHold(orderId, line));
            mark(orderId, Reservation.Status.FAILED, shortages);
            events.publish(new StockReservationFailedEvent(orderId, shortages));
        } else if (markReservedIfPending(orderId)) {
            events.publish(new StockReservedEvent(orderId, lines));
        } else {
            settledMeanwhile(orderId, lines, events);
        }
    }

    private boolean markReservedIfPending(OrderId orderId) {
        return mongo.updateFirst(
                Query.query(Criteria.where("_id").is(orderId.value()).and("status").is(Reservation.Status.PENDING)),
                new Update().set("status", Reservation.Status.RESERVED), Reservation.class).getModifiedCount() == 1;
    }

    /**
     * A redelivered command that read {@code PENDING} before another delivery reserved the order: that delivery
     * answered already, and the order may have been released or sold since. After a release, whatever the order
     * still holds is given back, its own or a hold this late delivery took. After a sale nothing is touched: the
     * hold there may be the one the sale is about to take, so a hold taken after the sale would stay reserved
     * (stock held too long, never sold twice).
     */
    private void settledMeanwhile(OrderId orderId, List<StockLine> lines, EventGateway events) {
        Reservation recorded = mongo.findById(orderId.value(), Reservation.class);
        if (recorded != null && recorded.status() == Reservation.Status.RELEASED) {
            lines.forEach(line -> releaseHold(orderId, line));
        } else if (recorded != null && recorded.status() == Reservation.Status.RESERVED) {
            events.publish(new StockReservedEvent(orderId, lines));
        }
    }

    private boolean hold(OrderId orderId, StockLine line) {
        UpdateResult result = mongo.updateFirst(
                Query.query(Criteria.where("_id").is(line.productId().value())
                        .and("available").gte(line.quantity())
                        .and("holds.orderId").ne(orderId.value())),
                new Update().inc("available", -line.quantity()).inc("reserved", line.quantity()).inc("version", 1)
                        .push("holds", new Product.Hold(orderId.value(), line.quantity())),
                Product.class);
        return result.getModifiedCount() == 1;
    }

    /** Holds the line's stock for the order, or says why it cannot: the shortage, as seen at that moment. */
    private Optional<StockShortage> take(OrderId orderId, StockLine line) {
        for (int attempt = 0; attempt < MAX_HOLD_ATTEMPTS; attempt++) {
            if (hold(orderId, line)) {
                return Optional.empty();
            }
            Product product = mongo.findById(line.productId().value(), Product.class);
            if (product == null) {
                return Optional.of(new StockShortage(line.productId(), line.quantity(), 0));
            }
            if (product.holds().stream().anyMatch(hold -> hold.orderId().equals(orderId.value()))) {
                return Optional.empty();
            }
            if (product.available() < line.quantity()) {
                return Optional.of(new StockShortage(line.productId(), line.quantity(), product.available()));
            }
            // Stock was freed between the conditional update and the read: try the update again.
        }
        throw new IllegalStateException("stock of " + line.productId() + " is changing too fast to reserve; try again");
    }

    private void releaseHold(OrderId orderId, StockLine line) {
        settleHold(orderId, line, new Update().inc("available", line.quantity()));
    }

    /** Removes the order's hold from the product together with what it reserved, plus the given change, if it is there. */
    private void settleHold(OrderId orderId, StockLine line, Update change) {
        mongo.updateFirst(
                Query.query(Criteria.where("_id").is(line.productId().value()).and("holds.orderId").is(orderId.value())),
                change.inc("reserved", -line.quantity()).inc("version", 1)
                        .pull("holds", Query.query(Criteria.where("orderId").is(orderId.value())).getQueryObject()),
                Product.class);
    }

    private void mark(OrderId orderId, Reservation.Status status, List<StockShortage> shortages) {
        mongo.updateFirst(Query.query(Criteria.where("_id").is(orderId.value())),
                new Update().set("status", status).set("shortages", shortages), Reservation.class);
    }
}
