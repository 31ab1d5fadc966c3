package org.orderplatform.order.query.view;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.DefaultInterceptorChain;
import org.axonframework.messaging.MessageHandler;
import org.axonframework.messaging.ResultMessage;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.queryhandling.GenericSubscriptionQueryMessage;
import org.axonframework.queryhandling.SimpleQueryUpdateEmitter;
import org.axonframework.queryhandling.SubscriptionQueryUpdateMessage;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.orderplatform.api.catalog.ProductId;
import org.orderplatform.api.order.CancellationReason;
import org.orderplatform.api.order.CustomerId;
import org.orderplatform.api.order.FindOrderQuery;
import org.orderplatform.api.order.FindOrdersQuery;
import org.orderplatform.api.order.OrderCancelledEvent;
import org.orderplatform.api.order.OrderConfirmedEvent;
import org.orderplatform.api.order.OrderId;
import org.orderplatform.api.order.OrderPage;
import org.orderplatform.api.order.OrderRejectedEvent;
import org.orderplatform.api.order.OrderStatus;
import org.orderplatform.api.order.OrderView;
import org.orderplatform.api.order.RejectionReason;
import org.orderplatform.infra.EmbeddedMongo;
import org.orderplatform.order.query.replay.ProjectionCollections;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.orderplatform.order.query.view.OrderEvents.T0;
import static org.orderplatform.order.query.view.OrderEvents.domainEvent;
import static org.orderplatform.order.query.view.OrderEvents.placed;
import static org.orderplatform.order.query.view.OrderEvents.replayed;

class OrderProjectionTest {

    private static final EmbeddedMongo mongo = EmbeddedMongo.start();
    private static final MongoClient client = MongoClients.create(mongo.connectionString());

    private MongoCollection<Document> orders;
    private SimpleQueryUpdateEmitter updates;
    private AnnotationEventHandlerAdapter projection;
    private OrderQueries queries;

    @BeforeEach
    void freshCollection() {
        orders = client.getDatabase("orders-query").getCollection("orders_v1");
        orders.drop();
        new OrderViewDefinition().prepare(orders);
        ProjectionCollections collections = new ProjectionCollections() {
            @Override
            public MongoCollection<Document> liveCollection(String name) {
                return orders;
            }

            @Override
            public MongoCollection<Document> writeCollection(String name) {
                return orders;
            }
        };
        updates = SimpleQueryUpdateEmitter.builder().build();
        projection = new AnnotationEventHandlerAdapter(new OrderProjection(collections, updates, new IsolatedEvents()));
        queries = new OrderQueries(collections);
    }

    @AfterAll
    static void stop() {
        client.close();
        mongo.close();
    }

    @Test
    void placedOrderIsPendingWithItsLinesAndTotal() throws Exception {
        handle(domainEvent("o-1", 0, placed("o-1", "c-1"), T0));

        assertThat(find("o-1")).isEqualTo(new OrderView(new OrderId("o-1"), new CustomerId("c-1"), OrderStatus.PENDING,
                null, List.of(new OrderView.Item(new ProductId("p-1"), 2, new BigDecimal("29.90")),
                new OrderView.Item(new ProductId("p-2"), 1, new BigDecimal("5.00"))),
                new BigDecimal("64.80"), "EUR", T0, T0, List.of(new OrderView.StatusChange(OrderStatus.PENDING, T0))));
    }

    @Test
    void confirmationEndsTheOrderAndExtendsItsHistory() throws Exception {
        Instant confirmedAt = T0.plusMillis(1500);
        handle(domainEvent("o-1", 0, placed("o-1", "c-1"), T0));
        handle(domainEvent("o-1", 1, new OrderConfirmedEvent(new OrderId("o-1")), confirmedAt));

        OrderView view = find("o-1");
        assertThat(view.status()).isEqualTo(OrderStatus.CONFIRMED);
        assertThat(view.reason()).isNull();
        assertThat(view.placedAt()).isEqualTo(T0);
        assertThat(view.updatedAt()).isEqualTo(confirmedAt);
        assertThat(view.history()).containsExactly(new OrderView.StatusChange(OrderStatus.PENDING, T0),
                new OrderView.StatusChange(OrderStatus.CONFIRMED, confirmedAt));
    }

    @Test
    void rejectionAndCancellationCarryTheirReason() throws Exception {
        handle(domainEvent("o-1", 0, placed("o-1", "c-1"), T0));
        handle(domainEvent("o-1", 1, new OrderRejectedEvent(new OrderId("o-1"), RejectionReason.OUT_OF_STOCK), T0));
        handle(domainEvent("o-2", 0, placed("o-2", "c-1"), T0));
        handle(domainEvent("o-2", 1, new OrderCancelledEvent(new OrderId("o-2"), CancellationReason.PAYMENT_TIMEOUT), T0));

        assertThat(find("o-1").status()).isEqualTo(OrderStatus.REJECTED);
        assertThat(find("o-1").reason()).isEqualTo("OUT_OF_STOCK");
        assertThat(find("o-2").status()).isEqualTo(OrderStatus.CANCELLED);
        assertThat(find("o-2").reason()).isEqualTo("PAYMENT_TIMEOUT");
    }

    @Test
    void redeliveredAndReplayedEventsLeaveTheSameDocument() throws Exception {
        var placed = domainEvent("o-1", 0, placed("o-1", "c-1"), T0);
        var cancelled = domainEvent("o-1", 1,
                new OrderCancelledEvent(new OrderId("o-1"), CancellationReason.CUSTOMER_REQUEST), T0.plusSeconds(3));
        handle(placed);
        handle(cancelled);
        Document once = orders.find().first();

        handle(cancelled);
        handle(placed);
        handleBatch(List.of(placed, cancelled));
        handleBatch(List.of(replayed(placed, 1), replayed(cancelled, 2)));

        assertThat(orders.countDocuments()).isEqualTo(1);
        assertThat(orders.find().first()).isEqualTo(once);
    }

    @Test
    void anOlderEventArrivingAfterANewerOneIsSkipped() throws Exception {
        handle(domainEvent("o-1", 0, placed("o-1", "c-1"), T0));
        handle(domainEvent("o-1", 1, new OrderConfirmedEvent(new OrderId("o-1")), T0.plusSeconds(1)));
        Document confirmed = orders.find().first();

        handle(domainEvent("o-1", 0, placed("o-1", "c-1"), T0.plusSeconds(2)));
        handle(domainEvent("o-1", 1, new OrderConfirmedEvent(new OrderId("o-1")), T0.plusSeconds(5)));

        assertThat(orders.find().first()).isEqualTo(confirmed);
    }

    @Test
    void aBatchIsWrittenAfterItsLastEventAndBeforeItCommits() throws Exception {
        List<EventMessage<?>> batch = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            batch.add(domainEvent("o-" + i, 0, placed("o-" + i, "c-1"), T0.plusMillis(i)));
            batch.add(domainEvent("o-" + i, 1, new OrderConfirmedEvent(new OrderId("o-" + i)), T0.plusMillis(i + 1)));
        }
        List<Long> documentsSeenWhileHandling = new ArrayList<>();
        List<Long> documentsSeenAtCommit = new ArrayList<>();

        var unitOfWork = new BatchingUnitOfWork<>(batch);
        unitOfWork.onPrepareCommit(u -> documentsSeenAtCommit.add(orders.countDocuments()));
        unitOfWork.executeWithResult(() -> new DefaultInterceptorChain<>(unitOfWork, List.of(new FlushAtEndOfBatch()),
                message -> {
                    documentsSeenWhileHandling.add(orders.countDocuments());
                    return projection.handle(message);
                }).proceed());

        assertThat(documentsSeenWhileHandling).containsOnly(0L);
        assertThat(documentsSeenAtCommit).containsExactly(50L);
        assertThat(queries.handle(new FindOrdersQuery(null, OrderStatus.CONFIRMED, 0, 100)).totalElements()).isEqualTo(50);
    }

    @Test
    void aBatchWhoseWritesFailIsWrittenEventByEventWhenHandedOverAgain() throws Exception {
        handle(domainEvent("o-1", 0, placed("o-1", "c-1"), T0));
        handle(domainEvent("o-2", 0, placed("o-2", "c-1"), T0));
        orders.updateOne(Filters.eq("_id", "o-1"), Updates.set("seq", "not a number"));
        List<EventMessage<?>> batch = List.of(
                domainEvent("o-1", 1, new OrderConfirmedEvent(new OrderId("o-1")), T0.plusSeconds(1)),
                domainEvent("o-2", 1, new OrderConfirmedEvent(new OrderId("o-2")), T0.plusSeconds(1)),
                domainEvent("o-3", 0, placed("o-3", "c-1"), T0.plusSeconds(1)));

        assertThatThrownBy(() -> handleBatch(batch)).isInstanceOf(ClassCastException.class);
        assertThat(find("o-2").status()).as("nothing of the failed batch is written").isEqualTo(OrderStatus.PENDING);
        List<String> failedAlone = new ArrayList<>();
        handleBatch(batch, message -> {
            try {
                return projection.handle(message);
            } catch (ClassCastException failure) {
                failedAlone.add(((DomainEventMessage<?>) message).getAggregateIdentifier());
                return null;
            }
        });

        assertThat(failedAlone).containsExactly("o-1");
        assertThat(find("o-2").history()).extracting(OrderView.StatusChange::status)
                .containsExactly(OrderStatus.PENDING, OrderStatus.CONFIRMED);
        assertThat(find("o-3").status()).isEqualTo(OrderStatus.PENDING);
        handleBatch(List.of(domainEvent("o-2", 2,
                new OrderCancelledEvent(new OrderId("o-2"), CancellationReason.CUSTOMER_REQUEST), T0.plusSeconds(2))));
        assertThat(find("o-2").status()).as("later batches are written together again").isEqualTo(OrderStatus.CANCELLED);
    }

    @Test
    void aParkedEventsChangeIsDroppedFromItsBatch() throws Exception {
        var kept = domainEvent("o-1", 0, placed("o-1", "c-1"), T0);
        var parked = domainEvent("o-2", 0, placed("o-2", "c-1"), T0);

        handleBatch(List.of(kept, parked), message -> {
            Object result = projection.handle(message);
            if (message.getIdentifier().equals(parked.getIdentifier())) {
                PendingWrites.discard(CurrentUnitOfWork.get(), parked.getIdentifier());
            }
            return result;
        });

        assertThat(queries.handle(new FindOrderQuery(new OrderId("o-1")))).isPresent();
        assertThat(queries.handle(new FindOrderQuery(new OrderId("o-2")))).isEmpty();
    }

    @Test
    void liveChangesReachSubscriptionQueriesAndReplayedOnesDoNot() throws Exception {
        var subscription = updates.registerUpdateHandler(new GenericSubscriptionQueryMessage<>(
                new FindOrderQuery(new OrderId("o-1")), ResponseTypes.instanceOf(OrderView.class),
                ResponseTypes.instanceOf(OrderView.class)), 16);
        List<OrderView> received = new ArrayList<>();
        subscription.getUpdates().map(SubscriptionQueryUpdateMessage::getPayload)
                .subscribe(view -> received.add((OrderView) view));
        var placed = domainEvent("o-1", 0, placed("o-1", "c-1"), T0);
        var confirmed = domainEvent("o-1", 1, new OrderConfirmedEvent(new OrderId("o-1")), T0.plusSeconds(1));

        handle(replayed(placed, 7));
        handle(domainEvent("o-2", 0, placed("o-2", "c-1"), T0));
        handle(confirmed);

        assertThat(received).extracting(OrderView::status).containsExactly(OrderStatus.CONFIRMED);
    }

    @Test
    void listsPageNewestFirstByCustomerAndStatus() throws Exception {
        IntStream.range(0, 25).forEach(i -> handleQuietly(
                domainEvent("o-" + i, 0, placed("o-" + i, i % 2 == 0 ? "c-even" : "c-odd"), T0.plusSeconds(i))));
        for (int i = 0; i < 25; i += 4) {
            handle(domainEvent("o-" + i, 1, new OrderConfirmedEvent(new OrderId("o-" + i)), T0.plusSeconds(100)));
        }

        OrderPage evenFirst = queries.handle(new FindOrdersQuery(new CustomerId("c-even"), null, 0, 5));
        OrderPage evenThird = queries.handle(new FindOrdersQuery(new CustomerId("c-even"), null, 2, 5));
        OrderPage evenConfirmed = queries.handle(new FindOrdersQuery(new CustomerId("c-even"), OrderStatus.CONFIRMED, 0, 20));
        OrderPage allPending = queries.handle(new FindOrdersQuery(null, OrderStatus.PENDING, 0, 100));

        assertThat(evenFirst.totalElements()).isEqualTo(13);
        assertThat(evenFirst.orders()).extracting(view -> view.orderId().value())
                .containsExactly("o-24", "o-22", "o-20", "o-18", "o-16");
        assertThat(evenThird.orders()).extracting(view -> view.orderId().value()).containsExactly("o-4", "o-2", "o-0");
        assertThat(evenConfirmed.orders()).extracting(view -> view.orderId().value())
                .containsExactly("o-24", "o-20", "o-16", "o-12", "o-8", "o-4", "o-0");
        assertThat(allPending.totalElements()).isEqualTo(18);
        assertThat(queries.handle(new FindOrdersQuery(new CustomerId("c-none"), null, 0, 5)).orders()).isEmpty();
    }

    @Test
    void everyListingHasAnIndex() {
        List<String> indexes = orders.listIndexes().map(index -> index.getString("name")).into(new ArrayList<>());

        assertThat(indexes).contains("customer_newest", "customer_status_newest", "status_newest", "newest");
    }

    private OrderView find(String orderId) {
        return queries.handle(new FindOrderQuery(new OrderId(orderId))).orElseThrow();
    }

    private void handle(EventMessage<?> event) throws Exception {
        projection.handle(event);
    }

    private void handleQuietly(EventMessage<?> event) {
        try {
            handle(event);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private void handleBatch(List<? extends EventMessage<?>> events) throws Exception {
        handleBatch(events, projection::handle);
    }

    /** As the processor hands a batch to its handlers: the changes are written once the last event is handled. */
    private void handleBatch(List<? extends EventMessage<?>> events, MessageHandler<EventMessage<?>> handlers)
            throws Exception {
        var unitOfWork = new BatchingUnitOfWork<>(events);
        ResultMessage<?> result = unitOfWork.executeWithResult(() -> new DefaultInterceptorChain<>(unitOfWork,
                List.of(new FlushAtEndOfBatch()), handlers).proceed());
        if (result.isExceptional()) {
            throw (Exception) result.exceptionResult();
        }
    }
}
