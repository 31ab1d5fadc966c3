package org.orderplatform.order.query.view;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.WriteModel;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.queryhandling.QueryUpdateEmitter;
import org.bson.Document;
import org.orderplatform.api.order.FindOrderQuery;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The order writes of one batch of events, sent as one ordered bulk write: events of one order stay in order, and
 * none of the writes can fail on a duplicate. Orders changed by live (not replayed) events are then read back and
 * emitted to subscription queries, which Axon delivers once the batch commits.
 */
final class PendingWrites {

    private static final String RESOURCE = PendingWrites.class.getName();

    private final MongoCollection<Document> collection;
    private final QueryUpdateEmitter updates;
    private final List<WriteModel<Document>> writes = new ArrayList<>();
    private final Set<String> changedLive = new LinkedHashSet<>();

    PendingWrites(MongoCollection<Document> collection, QueryUpdateEmitter updates) {
        this.collection = collection;
        this.updates = updates;
    }

    /** The writes of the unit of work's batch, created on its first event with a fallback flush at commit. */
    static PendingWrites of(UnitOfWork<?> unitOfWork, Supplier<MongoCollection<Document>> collection,
                            QueryUpdateEmitter updates) {
        return unitOfWork.root().getOrComputeResource(RESOURCE, key -> {
            unitOfWork.root().onPrepareCommit(PendingWrites::flush);
            return new PendingWrites(collection.get(), updates);
        });
    }

    /** Writes the batch's buffered changes, if any are left. */
    static void flush(UnitOfWork<?> unitOfWork) {
        PendingWrites pending = (PendingWrites) unitOfWork.root().resources().remove(RESOURCE);
        if (pending != null) {
            pending.flush();
        }
    }

    void add(String orderId, WriteModel<Document> write, boolean replayed) {
        writes.add(write);
        if (!replayed) {
            changedLive.add(orderId);
        }
    }

    void flush() {
        if (writes.isEmpty()) {
            return;
        }
        collection.bulkWrite(writes, new BulkWriteOptions().ordered(true));
        writes.clear();
        if (!changedLive.isEmpty()) {
            for (Document document : collection.find(Filters.in(OrderDocuments.ID, changedLive))) {
                String orderId = document.getString(OrderDocuments.ID);
                updates.emit(FindOrderQuery.class, query -> query.orderId().value().equals(orderId),
                        OrderDocuments.view(document));
            }
            changedLive.clear();
        }
    }
}
