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

    /**
     * Answers, every time, that nothing is held for the order any more. A release that comes before its reservation
     * (the reservation late, or never to arrive) is recorded, so the reservation, should it still come, takes nothing.
     */
    @CommandHandler
    void handle(ReleaseStockCommand command, EventGateway events) {
        Reservation reservation = recordRelease(command.orderId());
        switch (reservation.status()) {
            case FAILED -> events.publish(new StockReleasedEvent(command.orderId(), List.of()));
            case SOLD -> {
                // Sold stock left the shelf with the customer's order: nothing to give back.
            }
            // Settled before the holds go, and only from a state a release may follow: a sale and a release of the
            // same order never both act, and a reservation running late gives back what it takes (see settledMeanwhile).
            case PENDING, RESERVED, RELEASED -> {
                if (markIf(command.orderId(), Reservation.Status.RELEASED, List.of(),
                        Reservation.Status.PENDING, Reservation.Status.RESERVED, Reservation.Status.RELEASED)) {
                    reservation.lines().forEach(line -> releaseHold(command.orderId(), line));
                    events.publish(new StockReleasedEvent(command.orderId(), reservation.lines()));
                }
            }
        }
    }

    /**
     * Takes a confirmed order's stock for good: its holds leave the products, and what they held leaves the stock on
     * hand. A hold is settled once, in the same conditional update that removes it; a sale delivered again after a
     * crash completes what the first left.
     */
    void sell(OrderId orderId) {
        Reservation reservation = mongo.findById(orderId.value(), Reservation.class);
        if (reservation == null || !markIf(orderId, Reservation.Status.SOLD, List.of(),
                Reservation.Status.RESERVED, Reservation.Status.SOLD)) {
            return;
        }
        reservation.lines().forEach(line -> settleHold(orderId, line, new Update().inc("onHand", -line.quantity())));
    }

    private Reservation recordIntent(ReserveStockCommand command) {
        try {
            return mongo.insert(new Reservation(command.orderId().value(), command.lines(), Reservation.Status.PENDING, List.of()));
        } catch (DuplicateKeyException alreadyRecorded) {
            return mongo.findById(command.orderId().value(), Reservation.class);
        }
    }

    private Reservation recordRelease(OrderId orderId) {
        try {
            return mongo.insert(new Reservation(orderId.value(), List.of(), Reservation.Status.RELEASED, List.of()));
        } catch (DuplicateKeyException alreadyRecorded) {
            return mongo.findById(orderId.value(), Reservation.class);
        }
    }

    private void reserve(OrderId orderId, List<StockLine> lines, EventGateway events) {
        List<StockShortage> shortages = new ArrayList<>();
        lines.forEach(line -> take(orderId, line).ifPresent(shortages::add));
        if (!shortages.isEmpty()) {
            // Only while no other delivery decided: a shortage seen beside that delivery's holds is no shortage.
            if (markIf(orderId, Reservation.Status.FAILED, shortages, Reservation.Status.PENDING)) {
                lines.forEach(line -> releaseHold(orderId, line));
                events.publish(new StockReservationFailedEvent(orderId, shortages));
            } else {
                settledMeanwhile(orderId, lines, events);
            }
        } else if (markIf(orderId, Reservation.Status.RESERVED, List.of(), Reservation.Status.PENDING)) {
            events.publish(new StockReservedEvent(orderId, lines));
        } else {
            settledMeanwhile(orderId, lines, events);
        }
    }

    /**
     * A redelivered command that read {@code PENDING} before another delivery decided the order: that delivery
     * answered already, and the order may have been released or sold since. After a release or a failure, whatever
     * the order still holds is given back, its own or a hold this late delivery took. After a sale nothing is
     * touched: the hold there may be the one the sale is about to take, so a hold this late delivery took after the
     * sale stays reserved, and a sale delivered again would take it from on hand. Both need a reservation delivered
     * twice, the second one stalled from before the first was decided until after the order was paid and sold.
     */
    private void settledMeanwhile(OrderId orderId, List<StockLine> lines, EventGateway events) {
        Reservation recorded = mongo.findById(orderId.value(), Reservation.class);
        if (recorded == null) {
            return;
        }
        switch (recorded.status()) {
            case RELEASED, FAILED -> lines.forEach(line -> releaseHold(orderId, line));
            case RESERVED -> events.publish(new StockReservedEvent(orderId, lines));
            case PENDING, SOLD -> {
                // PENDING cannot follow a lost compare-and-set; SOLD: see above.
            }
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

    /** Records the outcome if the reservation is in one of the given states; whether it was. */
    private boolean markIf(OrderId orderId, Reservation.Status status, List<StockShortage> shortages,
                           Reservation.Status... from) {
        return mongo.updateFirst(
                Query.query(Criteria.where("_id").is(orderId.value()).and("status").in((Object[]) from)),
                new Update().set("status", status).set("shortages", shortages), Reservation.class).getMatchedCount() == 1;
    }
}
