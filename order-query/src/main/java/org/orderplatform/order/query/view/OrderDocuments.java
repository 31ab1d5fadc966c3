package org.orderplatform.order.query.view;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;
import org.bson.Document;
import org.orderplatform.api.catalog.ProductId;
import org.orderplatform.api.order.CustomerId;
import org.orderplatform.api.order.OrderId;
import org.orderplatform.api.order.OrderPlacedEvent;
import org.orderplatform.api.order.OrderStatus;
import org.orderplatform.api.order.OrderView;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Date;
import java.util.List;

/**
 * The shape of an order's document and the writes that change it. Each write applies one event of the order and only
 * to a document that has not seen that event's sequence number yet, so redelivered and replayed events change nothing.
 */
final class OrderDocuments {

    static final String ID = "_id";
    static final String CUSTOMER_ID = "customerId";
    static final String STATUS = "status";
    static final String PLACED_AT = "placedAt";
    static final String SEQUENCE = "seq";

    private OrderDocuments() {
    }

    /** The order's first event creates its document, once. */
    static WriteModel<Document> placed(OrderPlacedEvent event, long sequence, Instant at) {
        Date timestamp = Date.from(at);
        Document document = new Document(CUSTOMER_ID, event.customerId().value())
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
                .append("history", List.of(change(OrderStatus.PENDING, timestamp)))
                .append(SEQUENCE, sequence);
        return new UpdateOneModel<>(Filters.eq(ID, event.orderId().value()), new Document("$setOnInsert", document),
                new UpdateOptions().upsert(true));
    }

    /** A later event moves the order to its final status, if the document has not seen this event yet. */
    static WriteModel<Document> statusChanged(OrderId orderId, OrderStatus status, String reason, long sequence,
                                              Instant at) {
        Date timestamp = Date.from(at);
        return new UpdateOneModel<>(
                Filters.and(Filters.eq(ID, orderId.value()), Filters.lt(SEQUENCE, sequence)),
                Updates.combine(
                        Updates.set(STATUS, status.name()),
                        Updates.set("reason", reason),
                        Updates.set("updatedAt", timestamp),
                        Updates.set(SEQUENCE, sequence),
                        Updates.push("history", change(status, timestamp))));
    }

    static OrderView view(Document document) {
        List<OrderView.Item> items = document.getList("items", Document.class).stream()
                .map(item -> new OrderView.Item(new ProductId(item.getString("productId")), item.getInteger("quantity"),
                        new BigDecimal(item.getString("unitPrice"))))
                .toList();
        List<OrderView.StatusChange> history = document.getList("history", Document.class).stream()
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
}
