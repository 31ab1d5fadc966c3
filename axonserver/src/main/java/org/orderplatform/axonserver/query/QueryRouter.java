package org.orderplatform.axonserver.query;

import io.axoniq.axonserver.grpc.MetaDataValue;
import io.axoniq.axonserver.grpc.ProcessingInstruction;
import io.axoniq.axonserver.grpc.ProcessingKey;
import io.axoniq.axonserver.grpc.query.QueryProviderInbound;
import io.axoniq.axonserver.grpc.query.QueryRequest;
import io.axoniq.axonserver.grpc.query.QueryResponse;
import io.axoniq.axonserver.grpc.query.QuerySubscription;
import io.axoniq.axonserver.grpc.query.SubscriptionQuery;
import io.axoniq.axonserver.grpc.query.SubscriptionQueryRequest;
import io.axoniq.axonserver.grpc.query.SubscriptionQueryResponse;
import io.grpc.stub.ServerCallStreamObserver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.orderplatform.axonserver.AxonServerProperties;
import org.orderplatform.axonserver.grpc.ErrorCode;
import org.orderplatform.axonserver.platform.ClientKey;
import org.orderplatform.axonserver.platform.ClientRegistry;
import org.orderplatform.axonserver.platform.HandlerStream.Delivery;
import org.orderplatform.axonserver.platform.MessageStatistics;
import org.orderplatform.axonserver.platform.Timers;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.Comparator;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Which client handles which query, and the routing of queries and subscription queries to them. A point-to-point
 * query goes to one instance; a scatter-gather query to one instance of every application that handles it; a
 * subscription query to every instance, since any of them may emit updates, while its initial result comes from one.
 * A query waits for its handlers no longer than the timeout it asks for, and, unless it is a streaming query, no
 * longer than the server's query timeout, as in AxonIQ's server. A handler with too many queries waiting for its
 * permits is not sent more: they fail at once with {@code QUERY_DISPATCH_ERROR}, as AxonIQ's server refuses a query its
 * handler's full queue cannot take.
 */
@Component
public class QueryRouter {

    /** Results a streaming handler may send before the dispatcher's transport shows it keeps up. */
    private static final long STREAMING_INITIAL_PERMITS = 32;
    /** As AxonIQ's server words it. */
    private static final String TIMEOUT_MESSAGE = "Query cancelled due to timeout";

    private final ClientRegistry registry;
    private final String location;
    private final ConcurrentMap<RouteKey, Map<String, Member>> routes = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, QueryInProgress> queries = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, ActiveSubscription> subscriptions = new ConcurrentHashMap<>();
    private final AtomicLong roundRobin = new AtomicLong();
    private final Timers timers;
    private final Duration timeout;
    private final MessageStatistics statistics = new MessageStatistics();
    private final MeterRegistry meters;
    private final Timer latency;
    private final Map<String, Counter> routed = new ConcurrentHashMap<>();

    QueryRouter(ClientRegistry registry, Timers timers, AxonServerProperties properties, MeterRegistry meters) {
        this.registry = registry;
        this.timers = timers;
        this.timeout = properties.queryTimeout();
        this.location = properties.name();
        this.meters = meters;
        this.latency = Timer.builder("axonserver.query.latency")
                .description("Time from receiving a query to its last response")
                .register(meters);
    }

    /** Every subscribed query with its handler instances, ordered by context and query name. */
    public List<QueryHandlers> handlers() {
        return routes.entrySet().stream()
                .map(entry -> new QueryHandlers(entry.getKey().context(), entry.getKey().query(),
                        entry.getValue().values().stream()
                                .map(m -> new Handler(m.stream().clientId(), m.stream().componentName(),
                                        Set.copyOf(m.resultNames())))
                                .sorted(Comparator.comparing(Handler::clientId))
                                .toList()))
                .sorted(Comparator.comparing(QueryHandlers::context).thenComparing(QueryHandlers::query))
                .toList();
    }

    /** Routed queries and their latency per query name since the server started. */
    public List<MessageStatistics.Snapshot> statistics() {
        return statistics.snapshot();
    }

    synchronized void subscribe(QueryHandlerStream stream, QuerySubscription subscription) {
        if (stream.hasEnded()) {
            // Its removal from routing already ran; it must not be routed to again.
            return;
        }
        RouteKey key = new RouteKey(stream.context(), subscription.getQuery());
        Map<String, Member> members = new LinkedHashMap<>(routes.getOrDefault(key, Map.of()));
        Member current = members.get(stream.clientId());
        Set<String> resultNames = new TreeSet<>();
        if (current != null && current.stream() == stream) {
            resultNames.addAll(current.resultNames());
        }
        resultNames.add(subscription.getResultName());
        members.put(stream.clientId(), new Member(stream, Set.copyOf(resultNames)));
        routes.put(key, Map.copyOf(members));
        publish(stream.client());
        // A new instance may emit updates for subscriptions opened before it arrived.
        subscriptions.values().stream()
                .filter(s -> s.context().equals(stream.context()) && s.queryName().equals(subscription.getQuery()))
                .forEach(s -> tellAboutSubscription(s, stream));
    }

    synchronized void unsubscribe(QueryHandlerStream stream, QuerySubscription subscription) {
        RouteKey key = new RouteKey(stream.context(), subscription.getQuery());
        Map<String, Member> members = new LinkedHashMap<>(routes.getOrDefault(key, Map.of()));
        Member current = members.get(stream.clientId());
        if (current == null || current.stream() != stream) {
            return;
        }
        Set<String> resultNames = new TreeSet<>(current.resultNames());
        resultNames.remove(subscription.getResultName());
        if (resultNames.isEmpty()) {
            members.remove(stream.clientId());
        } else {
            members.put(stream.clientId(), new Member(stream, Set.copyOf(resultNames)));
        }
        replace(key, members);
        publish(stream.client());
    }

    /** Takes a closed handler connection out of routing and settles everything that waited for it. */
    void remove(QueryHandlerStream stream) {
        synchronized (this) {
            boolean changed = false;
            for (Map.Entry<RouteKey, Map<String, Member>> route : routes.entrySet()) {
                Member current = route.getValue().get(stream.clientId());
                if (current != null && current.stream() == stream) {
                    Map<String, Member> members = new LinkedHashMap<>(route.getValue());
                    members.remove(stream.clientId());
                    replace(route.getKey(), members);
                    changed = true;
                }
            }
            if (changed) {
                publish(stream.client());
            }
        }
        for (QueryInProgress query : queries.values()) {
            query.handlerLost(stream, error(query.id(), ErrorCode.QUERY_DISPATCH_ERROR,
                    "Connection lost while executing query on: " + stream.clientId()));
        }
        subscriptions.values().forEach(subscription -> subscription.removeHandler(stream));
    }

    void dispatch(String context, QueryRequest request, ServerCallStreamObserver<QueryResponse> dispatcher) {
        long expected = number(request, ProcessingKey.NR_OF_RESULTS, 1);
        Set<QueryHandlerStream> targets = expected == 1
                ? one(context, request.getQuery())
                : onePerComponent(context, request.getQuery());
        if (targets.isEmpty()) {
            long start = System.nanoTime();
            QueryResponse noHandler = error(request.getMessageIdentifier(), ErrorCode.NO_HANDLER_FOR_QUERY,
                    "No handler for query: " + request.getQuery());
            dispatcher.onNext(noHandler);
            dispatcher.onCompleted();
            record(request.getQuery(), "no_handler", false, System.nanoTime() - start);
            return;
        }
        boolean streaming = expected == 1 && flag(request, ProcessingKey.CLIENT_SUPPORTS_STREAMING);
        QueryInProgress query = new QueryInProgress(request, dispatcher, targets, expected, streaming, this::finished);
        queries.put(query.id(), query);
        dispatcher.setOnCancelHandler(query::cancelled);
        dispatcher.setOnReadyHandler(query::dispatcherReady);
        Duration wait = timeoutOf(request, streaming);
        if (!wait.isZero()) {
            query.timeoutAfter(timers.after(wait, () -> query.timedOut(
                    error(query.id(), ErrorCode.COMMAND_TIMEOUT, TIMEOUT_MESSAGE))));
        }
        QueryProviderInbound forwarded = QueryProviderInbound.newBuilder().setQuery(withServerStreaming(request)).build();
        for (QueryHandlerStream target : targets) {
            switch (target.deliver(forwarded)) {
                case TAKEN -> query.start(target, STREAMING_INITIAL_PERMITS);
                case FULL -> query.handlerLost(target, error(query.id(), ErrorCode.QUERY_DISPATCH_ERROR,
                        tooManyWaiting(target)));
                case ENDED -> query.handlerLost(target, error(query.id(), ErrorCode.QUERY_DISPATCH_ERROR,
                        "Connection lost while dispatching query to: " + target.clientId()));
            }
        }
    }

    void response(QueryHandlerStream from, QueryResponse response) {
        QueryInProgress query = queries.get(response.getRequestIdentifier());
        if (query != null) {
            query.response(from, response);
        }
    }

    void completed(QueryHandlerStream from, String requestId) {
        QueryInProgress query = queries.get(requestId);
        if (query != null) {
            query.completed(from);
        }
    }

    void openSubscription(SubscriptionQueryStream dispatcher, SubscriptionQuery query) {
        ActiveSubscription subscription = new ActiveSubscription(query, dispatcher);
        if (subscriptions.putIfAbsent(subscription.id(), subscription) != null) {
            return;
        }
        synchronized (this) {
            routes.getOrDefault(new RouteKey(dispatcher.context(), subscription.queryName()), Map.of())
                    .values()
                    .forEach(member -> tellAboutSubscription(subscription, member.stream()));
        }
    }

    void initialResult(SubscriptionQueryStream dispatcher, SubscriptionQuery query) {
        QueryRequest request = query.getQueryRequest();
        Set<QueryHandlerStream> target = one(dispatcher.context(), request.getQuery());
        QueryProviderInbound ask = QueryProviderInbound.newBuilder()
                .setSubscriptionQueryRequest(SubscriptionQueryRequest.newBuilder().setGetInitialResult(query))
                .build();
        QueryHandlerStream handler = target.isEmpty() ? null : target.iterator().next();
        Delivery delivery = handler == null ? Delivery.ENDED : handler.deliver(ask);
        QueryResponse failure = switch (delivery) {
            case TAKEN -> null;
            case FULL -> error(request.getMessageIdentifier(), ErrorCode.QUERY_DISPATCH_ERROR, tooManyWaiting(handler));
            case ENDED -> error(request.getMessageIdentifier(), ErrorCode.NO_HANDLER_FOR_QUERY,
                    "No handler for query: " + request.getQuery());
        };
        if (failure != null) {
            dispatcher.send(SubscriptionQueryResponse.newBuilder()
                    .setMessageIdentifier(UUID.randomUUID().toString())
                    .setSubscriptionIdentifier(query.getSubscriptionIdentifier())
                    .setInitialResult(failure)
                    .build());
        }
    }

    void subscriptionResponse(QueryHandlerStream from, SubscriptionQueryResponse response) {
        ActiveSubscription subscription = subscriptions.get(response.getSubscriptionIdentifier());
        if (subscription == null) {
            return;
        }
        subscription.dispatcher().send(response);
        if (response.hasComplete() || response.hasCompleteExceptionally()) {
            closeSubscription(subscription.id());
        }
    }

    void closeSubscription(String subscriptionId) {
        ActiveSubscription subscription = subscriptions.remove(subscriptionId);
        if (subscription == null) {
            return;
        }
        QueryProviderInbound unsubscribe = QueryProviderInbound.newBuilder()
                .setSubscriptionQueryRequest(SubscriptionQueryRequest.newBuilder().setUnsubscribe(subscription.query()))
                .build();
        subscription.handlers().forEach(handler -> handler.send(unsubscribe));
    }

    void closeSubscriptions(SubscriptionQueryStream dispatcher) {
        subscriptions.values().stream()
                .filter(subscription -> subscription.dispatcher() == dispatcher)
                .map(ActiveSubscription::id)
                .toList()
                .forEach(this::closeSubscription);
    }

    private void tellAboutSubscription(ActiveSubscription subscription, QueryHandlerStream handler) {
        if (subscription.addHandler(handler)) {
            handler.send(QueryProviderInbound.newBuilder()
                    .setSubscriptionQueryRequest(SubscriptionQueryRequest.newBuilder().setSubscribe(subscription.query()))
                    .build());
        }
    }

    private void finished(QueryInProgress query) {
        if (queries.remove(query.id(), query)) {
            record(query.request().getQuery(), query.result(), query.succeeded(),
                    System.nanoTime() - query.startNanos());
        }
    }

    private Set<QueryHandlerStream> one(String context, String queryName) {
        List<Member> members = sortedMembers(context, queryName);
        if (members.isEmpty()) {
            return Set.of();
        }
        return Set.of(members.get((int) Math.floorMod(roundRobin.getAndIncrement(), (long) members.size())).stream());
    }

    private Set<QueryHandlerStream> onePerComponent(String context, String queryName) {
        Map<String, List<Member>> byComponent = new TreeMap<>();
        for (Member member : sortedMembers(context, queryName)) {
            byComponent.computeIfAbsent(member.stream().componentName(), c -> new ArrayList<>()).add(member);
        }
        long turn = roundRobin.getAndIncrement();
        Set<QueryHandlerStream> targets = new HashSet<>();
        byComponent.values().forEach(instances ->
                targets.add(instances.get((int) Math.floorMod(turn, (long) instances.size())).stream()));
        return targets;
    }

    private List<Member> sortedMembers(String context, String queryName) {
        return routes.getOrDefault(new RouteKey(context, queryName), Map.of()).values().stream()
                .sorted(Comparator.comparing(m -> m.stream().clientId()))
                .toList();
    }

    private void replace(RouteKey key, Map<String, Member> members) {
        if (members.isEmpty()) {
            routes.remove(key);
        } else {
            routes.put(key, Map.copyOf(members));
        }
    }

    private void publish(ClientKey client) {
        Set<String> names = new TreeSet<>();
        routes.forEach((key, members) -> {
            if (key.context().equals(client.context()) && members.containsKey(client.clientId())) {
                names.add(key.query());
            }
        });
        registry.querySubscriptionsChanged(client, names);
    }

    private void record(String query, String result, boolean succeeded, long nanos) {
        statistics.record(query, succeeded, nanos);
        latency.record(nanos, TimeUnit.NANOSECONDS);
        routed.computeIfAbsent(result, r -> Counter.builder("axonserver.queries.routed")
                        .description("Queries finished, by outcome")
                        .tag("result", r)
                        .register(meters))
                .increment();
    }

    private static String tooManyWaiting(QueryHandlerStream handler) {
        return "Too many queries waiting for the permits of " + handler.clientId();
    }

    private QueryResponse error(String requestId, ErrorCode code, String message) {
        return QueryResponse.newBuilder()
                .setMessageIdentifier(UUID.randomUUID().toString())
                .setRequestIdentifier(requestId)
                .setErrorCode(code.code())
                .setErrorMessage(code.message(message, location))
                .build();
    }

    /** Tells the handler this server can pace its results, which it only does when the dispatcher asks for that too. */
    private static QueryRequest withServerStreaming(QueryRequest request) {
        QueryRequest.Builder builder = request.toBuilder().clearProcessingInstructions();
        request.getProcessingInstructionsList().stream()
                .filter(instruction -> instruction.getKey() != ProcessingKey.SERVER_SUPPORTS_STREAMING)
                .forEach(builder::addProcessingInstructions);
        return builder.addProcessingInstructions(ProcessingInstruction.newBuilder()
                        .setKey(ProcessingKey.SERVER_SUPPORTS_STREAMING)
                        .setValue(MetaDataValue.newBuilder().setBooleanValue(true)))
                .build();
    }

    /**
     * The query's own timeout, capped by the server's; a streaming query may last as long as it asks, since its
     * dispatcher keeps pulling results. Zero for none.
     */
    private Duration timeoutOf(QueryRequest request, boolean streaming) {
        Duration requested = Duration.ofMillis(Math.max(0, number(request, ProcessingKey.TIMEOUT, 0)));
        if (streaming) {
            return requested;
        }
        return requested.isZero() || requested.compareTo(timeout) > 0 ? timeout : requested;
    }

    private static long number(QueryRequest request, ProcessingKey key, long absent) {
        return request.getProcessingInstructionsList().stream()
                .filter(instruction -> instruction.getKey() == key)
                .mapToLong(instruction -> instruction.getValue().getNumberValue())
                .findFirst()
                .orElse(absent);
    }

    private static boolean flag(QueryRequest request, ProcessingKey key) {
        return request.getProcessingInstructionsList().stream()
                .anyMatch(instruction -> instruction.getKey() == key && instruction.getValue().getBooleanValue());
    }

    /**
     * The handler instances of one query.
     *
     * @param context  the context the handlers subscribed in
     * @param query    the query name
     * @param handlers the subscribed instances, by client id
     */
    public record QueryHandlers(String context, String query, List<Handler> handlers) {
    }

    /**
     * One subscribed instance.
     *
     * @param clientId      the instance
     * @param componentName its application
     * @param resultNames   the result types it answers the query with
     */
    public record Handler(String clientId, String componentName, Set<String> resultNames) {
    }

    private record RouteKey(String context, String query) {
    }

    private record Member(QueryHandlerStream stream, Set<String> resultNames) {
    }
}
