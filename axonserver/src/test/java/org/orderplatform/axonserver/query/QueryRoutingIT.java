package org.orderplatform.axonserver.query;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.NoHandlerForQueryException;
import org.axonframework.queryhandling.QueryHandler;
import org.axonframework.queryhandling.SubscriptionQueryResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.orderplatform.axonserver.platform.ClientKey;
import org.orderplatform.axonserver.platform.ClientRegistry;
import org.orderplatform.axonserver.support.AxonApp;
import org.orderplatform.axonserver.support.AppsPerTest;
import org.orderplatform.axonserver.support.RawClient;
import org.orderplatform.axonserver.support.ServerPerClass;
import reactor.core.publisher.Flux;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class QueryRoutingIT {

    /** Point-to-point queries from the stock client ask for an hour; the server's own limit ends them first. */
    private static final Duration QUERY_TIMEOUT = Duration.ofSeconds(2);

    @RegisterExtension
    static final ServerPerClass SERVER =
            new ServerPerClass(Map.of("axonserver.query-timeout", QUERY_TIMEOUT.toMillis() + "ms"));
    @RegisterExtension
    static final AppsPerTest APPS = new AppsPerTest(SERVER);

    @Test
    void sendsPointToPointQueryToOneHandlerAndScatterGatherToEveryApplication() {
        APPS.start("catalog", "catalog-1", new PriceList("catalog-1", 10));
        APPS.start("catalog", "catalog-2", new PriceList("catalog-2", 10));
        APPS.start("pricing", "pricing-1", new PriceList("pricing-1", 12));
        AxonApp sender = APPS.start("web", "web-1");
        awaitHandlers(FindPrice.class, 3);

        String answer = sender.queryGateway().query(new FindPrice("sku-1"), String.class).join();
        List<String> answers = sender.queryGateway()
                .scatterGather(new FindPrice("sku-1"), ResponseTypes.instanceOf(String.class), 5, TimeUnit.SECONDS)
                .toList();

        assertThat(answer).matches("(catalog-1|catalog-2):10|pricing-1:12");
        assertThat(answers).hasSize(2).anyMatch(a -> a.startsWith("catalog-")).contains("pricing-1:12");
        assertThat(APPS.bean(ClientRegistry.class).application(new ClientKey("default", "pricing-1")).orElseThrow().queries())
                .contains(FindPrice.class.getName());
        // Counted once the query is complete, which the scatter-gather caller may see just before the server does.
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            assertThat(APPS.bean(QueryRouter.class).statistics()).filteredOn(s -> s.name().equals(FindPrice.class.getName()))
                    .singleElement().satisfies(stats -> assertThat(stats.count()).isGreaterThanOrEqualTo(2));
            assertThat(APPS.bean(MeterRegistry.class).get("axonserver.queries.routed").tag("result", "success").counter()
                    .count()).isGreaterThanOrEqualTo(2);
            assertThat(APPS.bean(MeterRegistry.class).get("axonserver.query.latency").timer().count())
                    .isGreaterThanOrEqualTo(2);
        });
    }

    @Test
    void reportsQueriesNobodyHandles() {
        AxonApp sender = APPS.start("web", "web-1");

        assertThatThrownBy(() -> sender.queryGateway().query(new FindPrice("sku-9"), String.class)
                .get(5, TimeUnit.SECONDS))
                .cause().isInstanceOf(NoHandlerForQueryException.class)
                .hasMessageContaining("No handler for query: " + FindPrice.class.getName());
    }

    @Test
    void passesHandlerExceptionMessageToDispatcher() {
        APPS.start("catalog", "catalog-1", new PriceList("catalog-1", 10));
        AxonApp sender = APPS.start("web", "web-1");
        awaitHandlers(FindPrice.class, 1);

        assertThatThrownBy(() -> sender.queryGateway().query(new FindPrice("banned"), String.class)
                .get(5, TimeUnit.SECONDS))
                .hasMessageContaining("No price for banned items");
    }

    @Test
    void failsAQueryItsHandlerNeverAnswers() throws Exception {
        RawClient handler = APPS.add(new RawClient(SERVER.get().grpcPort(), "catalog", "catalog-9"))
                .handleQuery(FindPrice.class.getName());
        AxonApp sender = APPS.start("web", "web-1");
        awaitHandlers(FindPrice.class, 1);
        double timedOutBefore = timedOutQueries();

        var answer = sender.queryGateway().query(new FindPrice("sku-1"), String.class);

        assertThat(handler.queries().poll(5, TimeUnit.SECONDS)).isNotNull();
        assertThatThrownBy(() -> answer.get(QUERY_TIMEOUT.toSeconds() + 10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause().hasMessageContaining("Query cancelled due to timeout");
        await().atMost(Duration.ofSeconds(5)).until(() -> timedOutQueries() > timedOutBefore);
    }

    @Test
    void endsAScatterGatherQueryWithTheAnswersThatCameInTime() {
        APPS.start("catalog", "catalog-1", new PriceList("catalog-1", 10));
        APPS.add(new RawClient(SERVER.get().grpcPort(), "pricing", "pricing-9")).handleQuery(FindPrice.class.getName());
        AxonApp sender = APPS.start("web", "web-1");
        awaitHandlers(FindPrice.class, 2);
        double timedOutBefore = timedOutQueries();

        // The caller would wait a minute; the server's own limit ends the query first.
        List<String> answers = sender.queryGateway()
                .scatterGather(new FindPrice("sku-1"), ResponseTypes.instanceOf(String.class), 60, TimeUnit.SECONDS)
                .toList();

        assertThat(answers).containsExactly("catalog-1:10");
        await().atMost(Duration.ofSeconds(5)).until(() -> timedOutQueries() > timedOutBefore);
    }

    @Test
    void streamsResultsBeyondTheInitialPermits() {
        APPS.start("catalog", "catalog-1", new PriceList("catalog-1", 10));
        AxonApp sender = APPS.start("web", "web-1");
        awaitHandlers(ListSkus.class, 1);

        List<String> skus = Flux.from(sender.queryGateway().streamingQuery(new ListSkus(200), String.class))
                .collectList()
                .block(Duration.ofSeconds(10));

        assertThat(skus).hasSize(200).startsWith("sku-0", "sku-1").endsWith("sku-199");
    }

    @Test
    void deliversSubscriptionQueryInitialResultAndUpdates() {
        AxonApp handler = APPS.start("catalog", "catalog-1", new StockLevels());
        AxonApp sender = APPS.start("web", "web-1");
        awaitHandlers(WatchStock.class, 1);

        SubscriptionQueryResult<Integer, Integer> result = sender.queryGateway().subscriptionQuery(
                new WatchStock("sku-1"), ResponseTypes.instanceOf(Integer.class), ResponseTypes.instanceOf(Integer.class));
        assertThat(result.initialResult().block(Duration.ofSeconds(5))).isEqualTo(10);
        await().atMost(Duration.ofSeconds(5)).until(() -> !handler.updateEmitter().activeSubscriptions().isEmpty());

        handler.updateEmitter().emit(WatchStock.class, query -> query.sku().equals("sku-1"), 7);
        handler.updateEmitter().emit(WatchStock.class, query -> query.sku().equals("sku-2"), 99);
        handler.updateEmitter().emit(WatchStock.class, query -> query.sku().equals("sku-1"), 6);

        assertThat(result.updates().take(2).collectList().block(Duration.ofSeconds(5))).containsExactly(7, 6);
        result.close();
        await().atMost(Duration.ofSeconds(5)).until(() -> handler.updateEmitter().activeSubscriptions().isEmpty());
    }

    @Test
    void endsSubscriptionQueryWhenTheHandlerCompletesIt() {
        AxonApp handler = APPS.start("catalog", "catalog-1", new StockLevels());
        AxonApp sender = APPS.start("web", "web-1");
        awaitHandlers(WatchStock.class, 1);

        SubscriptionQueryResult<Integer, Integer> result = sender.queryGateway().subscriptionQuery(
                new WatchStock("sku-3"), ResponseTypes.instanceOf(Integer.class), ResponseTypes.instanceOf(Integer.class));
        result.initialResult().block(Duration.ofSeconds(5));
        await().atMost(Duration.ofSeconds(5)).until(() -> !handler.updateEmitter().activeSubscriptions().isEmpty());

        handler.updateEmitter().emit(WatchStock.class, query -> true, 3);
        handler.updateEmitter().complete(WatchStock.class, query -> true);

        assertThat(result.updates().collectList().block(Duration.ofSeconds(5))).containsExactly(3);
    }

    private double timedOutQueries() {
        Counter timedOut = APPS.bean(MeterRegistry.class).find("axonserver.queries.routed").tag("result", "timeout")
                .counter();
        return timedOut == null ? 0 : timedOut.count();
    }

    private void awaitHandlers(Class<?> query, int instances) {
        await().atMost(Duration.ofSeconds(10)).until(() -> APPS.bean(QueryRouter.class).handlers().stream()
                .filter(h -> h.query().equals(query.getName()))
                .mapToInt(h -> h.handlers().size())
                .sum() == instances);
    }

    record FindPrice(String sku) {
    }

    record ListSkus(int count) {
    }

    record WatchStock(String sku) {
    }

    static final class PriceList {

        private final String clientId;
        private final int price;

        PriceList(String clientId, int price) {
            this.clientId = clientId;
            this.price = price;
        }

        @QueryHandler
        public String price(FindPrice query) {
            if (query.sku().equals("banned")) {
                throw new IllegalArgumentException("No price for banned items");
            }
            return clientId + ":" + price;
        }

        @QueryHandler
        public List<String> skus(ListSkus query) {
            return IntStream.range(0, query.count()).mapToObj(i -> "sku-" + i).toList();
        }
    }

    static final class StockLevels {

        @QueryHandler
        public Integer stock(WatchStock query) {
            return 10;
        }
    }
}
