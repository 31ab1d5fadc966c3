package org.orderplatform.order.saga;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import org.axonframework.extensions.mongo.MongoTemplate;
import org.axonframework.extensions.mongo.eventhandling.saga.repository.SagaEntry;
import org.axonframework.serialization.Serializer;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.bson.types.ObjectId;
import org.orderplatform.order.deadline.MongoDeadlineManager;
import org.orderplatform.order.deadline.MongoDeadlineManager.PendingDeadline;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The open order sagas as an operator looks at them: each one's order, the step it waits in, when it started and
 * its pending deadlines, oldest first. Read from the saga store and the deadline store as the saga itself is
 * loaded, so what is shown is what the saga will act on.
 */
@Component
public class SagaInspector {

    /** An order saga not ended yet. {@code since}: when it started, as its document's ObjectId keeps it. */
    public record OpenSaga(String orderId, OrderSaga.Step step, Instant since, List<PendingDeadline> deadlines) {
    }

    private static final Bson ORDER_SAGAS = Filters.eq("sagaType", OrderSaga.class.getName());

    private final MongoCollection<Document> sagas;
    private final Serializer serializer;
    private final MongoDeadlineManager deadlines;
    private final Clock clock;

    SagaInspector(MongoTemplate axonCollections, @Qualifier("serializer") Serializer serializer,
                  MongoDeadlineManager deadlines, Clock clock) {
        this.sagas = axonCollections.sagaCollection();
        this.serializer = serializer;
        this.deadlines = deadlines;
        this.clock = clock;
    }

    /**
     * Up to {@code limit} open sagas, oldest first, of one step when {@code step} is given and started longer than
     * {@code olderThan} ago when that is given.
     */
    public List<OpenSaga> open(OrderSaga.Step step, Duration olderThan, int limit) {
        Bson filter = ORDER_SAGAS;
        if (olderThan != null) {
            filter = Filters.and(filter, Filters.lt("_id", new ObjectId(Date.from(clock.instant().minus(olderThan)))));
        }
        List<Stored> found = new ArrayList<>();
        for (Document document : sagas.find(filter).sort(Sorts.ascending("_id"))) {
            Stored stored = stored(document);
            if (step == null || stored.saga.step() == step) {
                found.add(stored);
                if (found.size() == limit) {
                    break;
                }
            }
        }
        return described(found);
    }

    /** The open saga of one order, if it has one. */
    public Optional<OpenSaga> ofOrder(String orderId) {
        Document document = sagas.find(Filters.and(ORDER_SAGAS, Filters.elemMatch("associations",
                Filters.and(Filters.eq("key", OrderSaga.ORDER_ID), Filters.eq("value", orderId))))).first();
        return document == null ? Optional.empty() : described(List.of(stored(document))).stream().findFirst();
    }

    private Stored stored(Document document) {
        return new Stored(document.getString("sagaIdentifier"), document.getObjectId("_id"),
                new SagaEntry<OrderSaga>(document).getSaga(serializer));
    }

    private List<OpenSaga> described(List<Stored> found) {
        Map<String, List<PendingDeadline>> pending = deadlines.pendingOfSagas(
                found.stream().map(Stored::sagaId).toList());
        return found.stream().map(stored -> new OpenSaga(stored.saga.orderId().value(), stored.saga.step(),
                stored.documentId.getDate().toInstant(), pending.getOrDefault(stored.sagaId, List.of()))).toList();
    }

    /** How many open sagas wait in each step: every open saga read. */
    public Map<OrderSaga.Step, Long> countByStep() {
        Map<OrderSaga.Step, Long> counts = new EnumMap<>(OrderSaga.Step.class);
        for (Document document : sagas.find(ORDER_SAGAS)) {
            counts.merge(new SagaEntry<OrderSaga>(document).getSaga(serializer).step(), 1L, Long::sum);
        }
        return counts;
    }

    private record Stored(String sagaId, ObjectId documentId, OrderSaga saga) {
    }
}
