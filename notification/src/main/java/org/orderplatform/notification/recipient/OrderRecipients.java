package org.orderplatform.notification.recipient;

import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Optional;

/**
 * The recipients of orders, and the events that arrived before their order was known: events of one order come in
 * order on one partition of a topic, but a payment event travels on another topic and can overtake the order.
 */
@Component
public class OrderRecipients {

    private final MongoTemplate mongo;

    OrderRecipients(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    public void remember(OrderRecipient recipient) {
        mongo.save(recipient);
    }

    public Optional<OrderRecipient> of(String orderId) {
        return Optional.ofNullable(mongo.findById(orderId, OrderRecipient.class));
    }

    /** Saving again under the same event identifier replaces, so a redelivered event is kept once. */
    public void defer(DeferredEvent event) {
        mongo.save(event);
    }

    public List<DeferredEvent> deferredFor(String orderId) {
        return mongo.find(Query.query(Criteria.where("orderId").is(orderId)), DeferredEvent.class);
    }

    public void forget(DeferredEvent event) {
        mongo.remove(Query.query(Criteria.where("_id").is(event.eventId())), DeferredEvent.class);
    }
}
