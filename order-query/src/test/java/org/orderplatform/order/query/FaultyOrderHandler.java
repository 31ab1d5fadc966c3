package org.orderplatform.order.query;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A second handler in the order view's processing group, failing for the events of the orders a test chose until the
 * test fixes the cause: with a fault in the handler, or by asking a MongoDB that is not there.
 */
@ProcessingGroup("orders")
class FaultyOrderHandler {

    private final Map<String, Fault> faults = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> failures = new ConcurrentHashMap<>();

    /** The order's events of that type fail; any type when it is {@code Object}. */
    void poison(String orderId, Class<?> eventType) {
        faults.put(orderId, new Fault(eventType, false));
    }

    void unreachableDatabase(String orderId) {
        faults.put(orderId, new Fault(Object.class, true));
    }

    void fix(String orderId) {
        faults.remove(orderId);
    }

    /** How often the order's events failed. */
    int failures(String orderId) {
        return failures.computeIfAbsent(orderId, id -> new AtomicInteger()).get();
    }

    @EventHandler
    void on(Object event, DomainEventMessage<?> message) {
        String orderId = message.getAggregateIdentifier();
        Fault fault = faults.get(orderId);
        if (fault == null || !fault.eventType().isInstance(event)) {
            return;
        }
        failures.computeIfAbsent(orderId, id -> new AtomicInteger()).incrementAndGet();
        if (fault.unreachableDatabase()) {
            askNobody();
        }
        throw new IllegalStateException("order " + orderId + " is poisoned");
    }

    /** Fails as a MongoDB client does when its server is away: server selection times out. */
    private static void askNobody() {
        try (MongoClient client = MongoClients.create("mongodb://127.0.0.1:" + freePort()
                + "/?serverSelectionTimeoutMS=200&connectTimeoutMS=200")) {
            new MongoTemplate(client, "orders-query").count(new Query(), "orders");
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private record Fault(Class<?> eventType, boolean unreachableDatabase) {
    }
}
