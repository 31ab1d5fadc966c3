package org.orderplatform.axonserver.query;

import io.axoniq.axonserver.grpc.query.QueryRequest;
import io.axoniq.axonserver.grpc.query.QueryResponse;
import io.axoniq.axonserver.grpc.query.SubscriptionQueryRequest;
import io.grpc.Status;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.orderplatform.axonserver.grpc.ErrorCode;
import org.orderplatform.axonserver.support.AppsPerTest;
import org.orderplatform.axonserver.support.RawClient;
import org.orderplatform.axonserver.support.ServerPerClass;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class QueryQueueLimitIT {

    private static final int CAPACITY = 20;
    private static final int BEYOND_THE_QUEUE = 5;
    private static final int PERMITS = 5;

    @RegisterExtension
    static final ServerPerClass SERVER = new ServerPerClass(Map.of(
            "axonserver.queue-capacity.queries", String.valueOf(CAPACITY),
            "axonserver.queue-capacity.updates", String.valueOf(CAPACITY)));
    @RegisterExtension
    static final AppsPerTest APPS = new AppsPerTest(SERVER);

    @Test
    void refusesQueriesBeyondTheHandlersQueueAtOnceAndDeliversTheRestOncePermitsCome() throws Exception {
        RawClient handler = APPS.add(new RawClient(SERVER.get().grpcPort(), "catalog", "catalog-1"))
                .handleQuery("FindPrice", 0);
        RawClient dispatcher = APPS.add(new RawClient(SERVER.get().grpcPort(), "web", "web-1"));
        awaitHandlers("FindPrice");

        List<CompletableFuture<QueryResponse>> responses = new ArrayList<>();
        double mostWaiting = 0;
        for (int i = 0; i < CAPACITY + BEYOND_THE_QUEUE; i++) {
            responses.add(dispatcher.query("FindPrice"));
            mostWaiting = Math.max(mostWaiting, waiting("queries"));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> responses.stream()
                .filter(CompletableFuture::isDone).count() == BEYOND_THE_QUEUE);

        assertThat(responses).filteredOn(CompletableFuture::isDone).allSatisfy(refusal -> {
            assertThat(refusal.join().getErrorCode()).isEqualTo("AXONIQ-5002");
            assertThat(refusal.join().getErrorMessage().getMessage())
                    .isEqualTo("Too many queries waiting for the permits of catalog-1");
        });
        assertThat(mostWaiting).isLessThanOrEqualTo(CAPACITY);
        assertThat(waiting("queries")).isEqualTo(CAPACITY);

        handler.grantQueries(CAPACITY);
        List<QueryRequest> delivered = new ArrayList<>();
        for (int i = 0; i < CAPACITY; i++) {
            delivered.add(handler.queries().poll(5, TimeUnit.SECONDS));
        }
        assertThat(delivered).doesNotContainNull();
        assertThat(handler.queries().poll(200, TimeUnit.MILLISECONDS)).isNull();
        assertThat(waiting("queries")).isZero();
    }

    @Test
    void endsASubscribersStreamOnceTooManyUpdatesWaitAndLetsItSubscribeAgain() throws Exception {
        RawClient handler = APPS.add(new RawClient(SERVER.get().grpcPort(), "stock", "stock-1"))
                .handleQuery("WatchStock");
        RawClient subscriber = APPS.add(new RawClient(SERVER.get().grpcPort(), "web", "web-2"));
        awaitHandlers("WatchStock");

        subscriber.subscribe("WatchStock", "subscription-1", PERMITS);
        assertThat(handler.subscriptionRequests().poll(5, TimeUnit.SECONDS))
                .extracting(request -> request.getSubscribe().getSubscriptionIdentifier())
                .isEqualTo("subscription-1");
        double mostWaiting = 0;
        for (int i = 0; i < PERMITS + CAPACITY; i++) {
            handler.emitUpdate("subscription-1", "stock " + i);
            mostWaiting = Math.max(mostWaiting, waiting("updates"));
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> waiting("updates") == CAPACITY);
        assertThat(subscriber.updates()).hasSize(PERMITS);
        assertThat(mostWaiting).isLessThanOrEqualTo(CAPACITY);

        handler.emitUpdate("subscription-1", "one too many");

        await().atMost(Duration.ofSeconds(5)).until(() -> !subscriber.streamErrors().isEmpty());
        Throwable ended = subscriber.streamErrors().get(0);
        assertThat(Status.fromThrowable(ended).getCode()).isEqualTo(Status.Code.UNAVAILABLE);
        assertThat(Status.trailersFromThrowable(ended).get(ErrorCode.TRAILER)).isEqualTo("AXONIQ-5002");
        SubscriptionQueryRequest cancelled = handler.subscriptionRequests().poll(5, TimeUnit.SECONDS);
        assertThat(cancelled.getUnsubscribe().getSubscriptionIdentifier()).isEqualTo("subscription-1");
        assertThat(waiting("updates")).isZero();
        assertThat(subscriber.updates()).extracting(update -> update.getPayload().getData().toStringUtf8())
                .containsExactly("stock 0", "stock 1", "stock 2", "stock 3", "stock 4");

        subscriber.subscribe("WatchStock", "subscription-2", PERMITS);
        assertThat(handler.subscriptionRequests().poll(5, TimeUnit.SECONDS))
                .extracting(request -> request.getSubscribe().getSubscriptionIdentifier())
                .isEqualTo("subscription-2");
        handler.emitUpdate("subscription-2", "stock again");
        await().atMost(Duration.ofSeconds(5)).until(() -> subscriber.updates().size() == PERMITS + 1);
    }

    private double waiting(String kind) {
        return APPS.bean(MeterRegistry.class).get("axonserver.messages.waiting").tag("kind", kind).gauge().value();
    }

    private void awaitHandlers(String query) {
        await().atMost(Duration.ofSeconds(10)).until(() -> APPS.bean(QueryRouter.class).handlers().stream()
                .anyMatch(h -> h.query().equals(query)));
    }
}
