package org.orderplatform.order.query.view;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.InsertOneModel;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.WriteModel;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.queryhandling.QueryUpdateEmitter;
import org.bson.Document;
import org.orderplatform.api.order.FindOrderQuery;
import org.orderplatform.support.deadletter.TransientFailures;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The order changes of one batch of events, written at the end of the batch with one write per changed order in one
 * bulk write. An order whose first event in the batch creates it is inserted without reading; every other order is
 * read first (one query for all) and the batch's events are applied to the stored document, skipping what it has
 * seen. An insert that finds the document there already (a redelivered batch) falls back to that read-and-apply.
 * Orders changed by live (not replayed) events are then emitted to subscription queries, which Axon delivers once the
 * batch commits. When the writes of a processor's batch fail for a reason other than an outage, its events are
 * {@link IsolatedEvents isolated}: handed over again, they are written one by one.
 * <p>
 * Writing without a condition on the stored sequence number is safe because only the owner of an order's segment
 * writes its document.
 */
final class PendingWrites {

    private static final String RESOURCE = PendingWrites.class.getName();

    private final MongoCollection<Document> collection;
    private final QueryUpdateEmitter updates;
    private final Consumer<Set<String>> failedForGood;
    private final Map<String, List<OrderChange>> changesByOrder = new LinkedHashMap<>();
    private final Map<String, OrderChange> changesByEvent = new HashMap<>();
    private final Set<String> changedLive = new HashSet<>();

    /**
     * @param failedForGood told of the events whose writes failed for a reason other than an outage
     */
    PendingWrites(MongoCollection<Document> collection, QueryUpdateEmitter updates,
                  Consumer<Set<String>> failedForGood) {
        this.collection = collection;
        this.updates = updates;
        this.failedForGood = failedForGood;
    }

    /** Changes written as they come, each failure the failure of its event's handler. */
    static PendingWrites single(MongoCollection<Document> collection, QueryUpdateEmitter updates) {
        return new PendingWrites(collection, updates, events -> {
        });
    }

    /**
     * The changes of the unit of work's batch, created on its first event with a fallback flush at commit; a
     * processor's batch whose writes fail for good has its events isolated.
     */
    static PendingWrites of(UnitOfWork<?> unitOfWork, Supplier<MongoCollection<Document>> collection,
                            QueryUpdateEmitter updates, IsolatedEvents isolation) {
        return unitOfWork.root().getOrComputeResource(RESOURCE, key -> {
            unitOfWork.root().onPrepareCommit(PendingWrites::flush);
            return unitOfWork.root() instanceof BatchingUnitOfWork<?>
                    ? new PendingWrites(collection.get(), updates, isolation::isolate)
                    : single(collection.get(), updates);
        });
    }

    /** Drops what an event parked in the dead-letter queue had recorded, if its batch is still to be written. */
    static void discard(UnitOfWork<?> unitOfWork, String eventId) {
        PendingWrites pending = unitOfWork.root().getResource(RESOURCE);
        if (pending != null) {
            pending.discard(eventId);
        }
    }

    /** Writes the batch's buffered changes, if any are left. */
    static void flush(UnitOfWork<?> unitOfWork) {
        PendingWrites pending = (PendingWrites) unitOfWork.root().resources().remove(RESOURCE);
        if (pending != null) {
            pending.flush();
        }
    }

    void add(OrderChange change, String eventId, boolean replayed) {
        changesByOrder.computeIfAbsent(change.orderId(), orderId -> new ArrayList<>()).add(change);
        changesByEvent.put(eventId, change);
        if (!replayed) {
            changedLive.add(change.orderId());
        }
    }

    private void discard(String eventId) {
        OrderChange change = changesByEvent.remove(eventId);
        if (change != null) {
            List<OrderChange> changes = changesByOrder.get(change.orderId());
            changes.removeIf(pending -> pending == change);
            if (changes.isEmpty()) {
                changesByOrder.remove(change.orderId());
            }
        }
    }

    void flush() {
        if (changesByOrder.isEmpty()) {
            return;
        }
        try {
            write();
        } catch (RuntimeException failure) {
            if (!TransientFailures.isTransient(failure)) {
                failedForGood.accept(Set.copyOf(changesByEvent.keySet()));
            }
            throw failure;
        }
        changesByOrder.clear();
        changesByEvent.clear();
        changedLive.clear();
    }

    private void write() {
        Map<String, Document> written = new HashMap<>();
        List<String> toRead = new ArrayList<>();
        List<WriteModel<Document>> inserts = new ArrayList<>();
        changesByOrder.forEach((orderId, changes) -> {
            if (changes.get(0).creates()) {
                apply(changes, null).ifPresent(document -> {
                    inserts.add(new InsertOneModel<>(document));
                    written.put(orderId, document);
                });
            } else {
                toRead.add(orderId);
            }
        });
        toRead.addAll(insertAll(inserts, written));
        written.putAll(readAndApply(toRead));
        written.forEach((orderId, document) -> {
            if (changedLive.contains(orderId)) {
                updates.emit(FindOrderQuery.class, query -> query.orderId().value().equals(orderId),
                        OrderDocuments.view(document));
            }
        });
    }

    /** Inserts the new orders; returns those that turned out to exist already. */
    private List<String> insertAll(List<WriteModel<Document>> inserts, Map<String, Document> written) {
        if (inserts.isEmpty()) {
            return List.of();
        }
        try {
            // One write per document, so their order does not matter.
            collection.bulkWrite(inserts, new BulkWriteOptions().ordered(false));
            return List.of();
        } catch (MongoBulkWriteException e) {
            List<String> existing = new ArrayList<>();
            for (BulkWriteError error : e.getWriteErrors()) {
                if (ErrorCategory.fromErrorCode(error.getCode()) != ErrorCategory.DUPLICATE_KEY) {
                    throw e;
                }
                String orderId = ((InsertOneModel<Document>) inserts.get(error.getIndex())).getDocument()
                        .getString(OrderDocuments.ID);
                existing.add(orderId);
                written.remove(orderId);
            }
            return existing;
        }
    }

    private Map<String, Document> readAndApply(List<String> orderIds) {
        if (orderIds.isEmpty()) {
            return Map.of();
        }
        Map<String, Document> stored = new HashMap<>();
        collection.find(Filters.in(OrderDocuments.ID, orderIds))
                .forEach(document -> stored.put(document.getString(OrderDocuments.ID), document));
        Map<String, Document> changed = new LinkedHashMap<>();
        List<WriteModel<Document>> writes = new ArrayList<>();
        for (String orderId : orderIds) {
            Document current = stored.get(orderId);
            apply(changesByOrder.get(orderId), current).ifPresent(document -> {
                changed.put(orderId, document);
                writes.add(current == null ? new InsertOneModel<>(document)
                        : new ReplaceOneModel<>(Filters.eq(OrderDocuments.ID, orderId), document));
            });
        }
        if (!writes.isEmpty()) {
            collection.bulkWrite(writes, new BulkWriteOptions().ordered(false));
        }
        return changed;
    }

    /** The document after the order's events of this batch, or empty if none of them changed it. */
    private static Optional<Document> apply(List<OrderChange> changes, Document stored) {
        Document current = stored;
        for (OrderChange change : changes) {
            Optional<Document> next = change.applyTo(current);
            if (next.isPresent()) {
                current = next.get();
            }
        }
        return current == stored ? Optional.empty() : Optional.of(current);
    }
}
