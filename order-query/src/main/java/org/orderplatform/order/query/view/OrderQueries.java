package org.orderplatform.order.query.view;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import org.axonframework.queryhandling.QueryHandler;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.orderplatform.api.order.FindOrderQuery;
import org.orderplatform.api.order.FindOrdersQuery;
import org.orderplatform.api.order.OrderPage;
import org.orderplatform.api.order.OrderView;
import org.orderplatform.order.query.replay.ProjectionCollections;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.orderplatform.order.query.view.OrderDocuments.CUSTOMER_ID;
import static org.orderplatform.order.query.view.OrderDocuments.ID;
import static org.orderplatform.order.query.view.OrderDocuments.PLACED_AT;
import static org.orderplatform.order.query.view.OrderDocuments.STATUS;

/** Answers order queries from the live order view, for this service's API and for other services through Axon. */
@Component
class OrderQueries {

    private final ProjectionCollections projections;

    OrderQueries(ProjectionCollections projections) {
        this.projections = projections;
    }

    @QueryHandler
    Optional<OrderView> handle(FindOrderQuery query) {
        return Optional.ofNullable(orders().find(Filters.eq(ID, query.orderId().value())).first())
                .map(OrderDocuments::view);
    }

    /** Newest first; ties in time are broken by order id so that pages never overlap. */
    @QueryHandler
    OrderPage handle(FindOrdersQuery query) {
        List<Bson> conditions = new ArrayList<>();
        if (query.customerId() != null) {
            conditions.add(Filters.eq(CUSTOMER_ID, query.customerId().value()));
        }
        if (query.status() != null) {
            conditions.add(Filters.eq(STATUS, query.status().name()));
        }
        Bson filter = conditions.isEmpty() ? new Document() : Filters.and(conditions);
        MongoCollection<Document> orders = orders();
        long skip = (long) query.page() * query.size();
        List<OrderView> views = skip > Integer.MAX_VALUE ? List.of() : orders.find(filter)
                .sort(Sorts.descending(PLACED_AT, ID))
                .skip((int) skip)
                .limit(query.size())
                .map(OrderDocuments::view)
                .into(new ArrayList<>());
        return new OrderPage(views, query.page(), query.size(), orders.countDocuments(filter));
    }

    private MongoCollection<Document> orders() {
        return projections.liveCollection(OrderViewDefinition.NAME);
    }
}
