package org.orderplatform.order.query.view;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.IndexModel;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.orderplatform.order.query.replay.ReplayableProjection;
import org.springframework.stereotype.Component;

import java.util.List;

import static org.orderplatform.order.query.view.OrderDocuments.CUSTOMER_ID;
import static org.orderplatform.order.query.view.OrderDocuments.ID;
import static org.orderplatform.order.query.view.OrderDocuments.PLACED_AT;
import static org.orderplatform.order.query.view.OrderDocuments.STATUS;

/**
 * The order view: one document per order, fed by the {@value #PROCESSOR} processor. One index per way the API lists
 * orders (newest first, optionally by customer and by status); single orders are found by {@code _id}.
 */
@Component
class OrderViewDefinition implements ReplayableProjection {

    static final String NAME = "orders";
    static final String PROCESSOR = "orders";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String processorName() {
        return PROCESSOR;
    }

    @Override
    public void prepare(MongoCollection<Document> collection) {
        collection.createIndexes(List.of(
                index("customer_newest", Indexes.ascending(CUSTOMER_ID), Indexes.descending(PLACED_AT, ID)),
                index("customer_status_newest", Indexes.ascending(CUSTOMER_ID, STATUS), Indexes.descending(PLACED_AT, ID)),
                index("status_newest", Indexes.ascending(STATUS), Indexes.descending(PLACED_AT, ID)),
                index("newest", Indexes.descending(PLACED_AT, ID))));
    }

    private static IndexModel index(String name, Bson... keys) {
        return new IndexModel(Indexes.compoundIndex(keys), new IndexOptions().name(name));
    }
}
