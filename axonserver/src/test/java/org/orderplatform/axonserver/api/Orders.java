package org.orderplatform.axonserver.api;

import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.messaging.MetaData;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.queryhandling.QueryHandler;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/** A small order application for the HTTP API tests: an event-sourced aggregate, a projection and a query. */
final class Orders {

    static final String SUMMARY = "order-summary";

    private Orders() {
    }

    record PlaceOrder(@TargetAggregateIdentifier String orderId, int amount) {
    }

    record ShipOrder(@TargetAggregateIdentifier String orderId, String carrier) {
    }

    record OrderPlaced(String orderId, int amount) {
    }

    record OrderShipped(String orderId) {
    }

    record FindAmount(String orderId) {
    }

    static final class Order {

        @AggregateIdentifier
        private String orderId;

        Order() {
        }

        @CommandHandler
        Order(PlaceOrder command) {
            apply(new OrderPlaced(command.orderId(), command.amount()));
        }

        @CommandHandler
        void handle(ShipOrder command) {
            apply(new OrderShipped(orderId), MetaData.with("carrier", command.carrier()).and("attempt", 1));
        }

        @EventSourcingHandler
        void on(OrderPlaced event) {
            orderId = event.orderId();
        }
    }

    @ProcessingGroup(SUMMARY)
    static final class Summary {

        private final Map<String, Integer> amounts = new ConcurrentHashMap<>();

        @EventHandler
        void on(OrderPlaced event) {
            amounts.put(event.orderId(), event.amount());
        }

        @QueryHandler
        Integer handle(FindAmount query) {
            return amounts.get(query.orderId());
        }
    }
}
