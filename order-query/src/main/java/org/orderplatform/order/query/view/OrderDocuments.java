package org.orderplatform.order.query.view;

import org.bson.Document;
import org.orderplatform.api.catalog.ProductId;
import org.orderplatform.api.order.CustomerId;
import org.orderplatform.api.order.OrderId;
import org.orderplatform.api.order.OrderPlacedEvent;
import org.orderplatform.api.order.OrderStatus;
import org.orderplatform.api.order.OrderView;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;

/**
 * The shape of an order's document and how events change it. The document keeps the sequence number of the last
 * event applied; an event that is not newer leaves it as it is, so redelivered and replayed events change nothing.
 */
final class OrderDocuments {

    static final String ID = "_id";
    static final String CUSTOMER_ID = "customerId";
    static final String STATUS = "status";
    static final String PLACED_AT = "placedAt";
    static final String SEQUENCE = "seq";
    private static final String HISTORY = "history";

    private OrderDocuments() {
    }

    /** The order's first event creates its document. */
    static OrderChange placed(OrderPlacedEvent event, long sequence, Instant at) {
        String orderId = event.orderId().value();
        return new Change(orderId, sequence, true, current -> {
            if (current != null) {
                return Optional.empty();
            }
            Date timestamp = Date.from(at);
            return Optional.of(new Document(ID, orderId)
                    .append(CUSTOMER_ID, event.customerId().value())
                    .append(STATUS, OrderStatus.PENDING.name())
                    .append("reason", null)
                    .append("items", event.lines().stream()
                            .map(line -> new Document("productId", line.productId().value())
                                    .append("quantity", line.quantity())
                                    .append("unitPrice", line.unitPrice().amount().toPlainString()))
                            .toList())
                    .append("total", event.total().amount().toPlainString())
                    .append("currency", event.total().currency())
                    .append(PLACED_AT, timestamp)
                    .append("updatedAt", timestamp)
                    .append(HISTORY, List.of(change(OrderStatus.PENDING, timestamp)))
                    .append(SEQUENCE, sequence));
        });
    }

    /** A later event moves the order to another status and adds it to the history. */
    static OrderChange statusChanged(OrderId orderId, OrderStatus status, String reason, long sequence, Instant at) {
        return new Change(orderId.value(), sequence, false, current -> {
            if (current == null || current.get(SEQUENCE, Number.class).longValue() >= sequence) {
                return Optional.empty();
            }
            Date timestamp = Date.from(at);
            List<Document> history = new ArrayList<>(current.getList(HISTORY, Document.class));
            history.add(change(status, timestamp));
            Document next = new Document(current);
            next.put(STATUS, status.name());
            next.put("reason", reason);
            next.put("updatedAt", timestamp);
            next.put(HISTORY, history);
            next.put(SEQUENCE, sequence);
            return Optional.of(next);
        });
    }

    static OrderView view(Document document) {
        List<OrderView.Item> items = document.getList("items", Document.class).stream()
                .map(item -> new OrderView.Item(new ProductId(item.getString("productId")), item.getInteger("quantity"),
                        new BigDecimal(item.getString("unitPrice"))))
                .toList();
        List<OrderView.StatusChange> history = document.getList(HISTORY, Document.class).stream()
                .map(change -> new OrderView.StatusChange(OrderStatus.valueOf(change.getString(STATUS)),
                        change.getDate("at").toInstant()))
                .toList();
        return new OrderView(new OrderId(document.getString(ID)), new CustomerId(document.getString(CUSTOMER_ID)),
                OrderStatus.valueOf(document.getString(STATUS)), document.getString("reason"), items,
                new BigDecimal(document.getString("total")), document.getString("currency"),
                document.getDate(PLACED_AT).toInstant(), document.getDate("updatedAt").toInstant(), history);
    }

    private static Document change(OrderStatus status, Date at) {
        return new Document(STATUS, status.name()).append("at", at);
    }

    private interface Transition {
        Optional<Document> apply(Document current);
    }

    private record Change(String orderId, long sequence, boolean creates, Transition transition) implements OrderChange {

        @Override
        public Optional<Document> applyTo(Document current) {
            return transition.apply(current);
        }
    }
}
