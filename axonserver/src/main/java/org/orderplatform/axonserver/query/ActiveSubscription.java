package org.orderplatform.axonserver.query;

import io.axoniq.axonserver.grpc.query.SubscriptionQuery;

import java.util.HashSet;
import java.util.Set;

/**
 * An open subscription query: the dispatcher that wants its updates and every handler instance told about it, since
 * any instance of an application may emit updates.
 */
final class ActiveSubscription {

    private final SubscriptionQuery query;
    private final SubscriptionQueryStream dispatcher;
    private final Set<QueryHandlerStream> handlers = new HashSet<>();

    ActiveSubscription(SubscriptionQuery query, SubscriptionQueryStream dispatcher) {
        this.query = query;
        this.dispatcher = dispatcher;
    }

    String id() {
        return query.getSubscriptionIdentifier();
    }

    String queryName() {
        return query.getQueryRequest().getQuery();
    }

    String context() {
        return dispatcher.context();
    }

    SubscriptionQuery query() {
        return query;
    }

    SubscriptionQueryStream dispatcher() {
        return dispatcher;
    }

    /** @return whether the handler was not yet told about this subscription */
    synchronized boolean addHandler(QueryHandlerStream handler) {
        return handlers.add(handler);
    }

    synchronized void removeHandler(QueryHandlerStream handler) {
        handlers.remove(handler);
    }

    synchronized Set<QueryHandlerStream> handlers() {
        return Set.copyOf(handlers);
    }
}
