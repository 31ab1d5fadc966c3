package org.orderplatform.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.gateway.EventGateway;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.orderplatform.api.catalog.ProductId;
import org.orderplatform.api.catalog.ReleaseStockCommand;
import org.orderplatform.api.catalog.ReserveStockCommand;
import org.orderplatform.api.catalog.StockLine;
import org.orderplatform.api.catalog.StockReleasedEvent;
import org.orderplatform.api.catalog.StockReservationFailedEvent;
import org.orderplatform.api.catalog.StockReservedEvent;
import org.orderplatform.api.catalog.StockShortage;
import org.orderplatform.api.order.OrderConfirmedEvent;
import org.orderplatform.api.order.OrderId;
import org.orderplatform.axonserver.EmbeddedAxonServer;
import org.orderplatform.catalog.product.Product;
import org.orderplatform.infra.EmbeddedMongo;
import org.orderplatform.signin.EmbeddedSignin;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The catalog service against the real Axon server, the MongoDB-compatible server and the sign-in server, through
 * HTTP and commands.
 */
@SpringBootTest(classes = CatalogApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {CatalogApplication.CONFIG_NAME, "axon.eventhandling.processors.stock-sales.initial-segment-count=1"})
class CatalogIT {

    private static final EmbeddedMongo MONGO = EmbeddedMongo.start();
    private static final EmbeddedAxonServer AXON_SERVER = EmbeddedAxonServer.startInTemporaryDirectory("catalog-it-axonserver");
    private static final EmbeddedSignin SIGNIN = EmbeddedSignin.start();
    private static final String OPERATOR = SIGNIN.token("olivia");
    private static final String CUSTOMER = SIGNIN.token("alice");
    private static final String SERVICE = SIGNIN.serviceToken();
    private static final ObjectMapper JSON = new ObjectMapper();

    @LocalServerPort
    int port;
    @Autowired
    CommandGateway commands;
    @Autowired
    EventStore eventStore;
    @Autowired
    EventGateway eventGateway;
    @Autowired
    MongoTemplate mongo;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        registry.add("spring.data.mongodb.uri", () -> MONGO.connectionString() + "/catalog");
        registry.add("axon.axonserver.servers", AXON_SERVER::servers);
        registry.add("spring.security.oauth2.resourceserver.jwt.jwk-set-uri", SIGNIN::jwkSetUri);
    }

    @AfterAll
    static void stopInfrastructure() {
        AXON_SERVER.close();
        MONGO.close();
        SIGNIN.close();
    }

    private RestClient http() {
        return RestClient.builder().baseUrl("http://localhost:" + port)
                .defaultStatusHandler(status -> true, (request, response) -> { })
                .build();
    }

    private record Answer(int status, MediaType type, JsonNode body) {
    }

    /** Calls with {@code token} as the bearer token, or with none when it is null. */
    private Answer call(String token, String method, String path, String body) {
        var request = http().method(HttpMethod.valueOf(method)).uri(path)
                .headers(headers -> {
                    if (token != null) {
                        headers.setBearerAuth(token);
                    }
                });
        if (body != null) {
            request = request.contentType(MediaType.APPLICATION_JSON).body(body);
        }
        return request.exchange((req, response) -> {
            byte[] bytes = response.getBody().readAllBytes();
            return new Answer(response.getStatusCode().value(), response.getHeaders().getContentType(),
                    bytes.length == 0 ? null : JSON.readTree(bytes));
        });
    }

    private static String newProduct(String sku, String price, int stock) {
        return "{\"sku\":\"" + sku + "\",\"name\":\"" + sku + " mug\",\"price\":\"" + price + "\",\"currency\":\"EUR\",\"stock\":" + stock + "}";
    }

    private ProductId addProduct(String sku, String price, int stock) {
        Answer created = call(OPERATOR, "POST", "/products", newProduct(sku, price, stock));
        assertThat(created.status()).isEqualTo(201);
        return new ProductId(created.body().get("productId").asText());
    }

    private JsonNode stockOf(ProductId product) {
        return call(CUSTOMER, "GET", "/products/" + product, null).body().get("stock");
    }

    @Test
    void keepsProductsWithPriceAndStock() {
        String sku = "sku-" + System.nanoTime();
        ProductId product = addProduct(sku, "29.9", 10);

        JsonNode found = call(CUSTOMER, "GET", "/products/" + product, null).body();

        assertThat(found.get("sku").asText()).isEqualTo(sku);
        assertThat(found.get("price").asText()).isEqualTo("29.90");
        assertThat(found.get("currency").asText()).isEqualTo("EUR");
        assertThat(found.get("stock").get("onHand").asInt()).isEqualTo(10);
        assertThat(found.get("stock").get("available").asInt()).isEqualTo(10);
        assertThat(call(OPERATOR, "PUT", "/products/" + product + "/stock", "{\"onHand\":4}").body().get("stock").get("available").asInt())
                .isEqualTo(4);
        assertThat(call(CUSTOMER, "GET", "/products?size=200", null).body().findValuesAsText("productId")).contains(product.value());
    }

    @Test
    void refusesBadInputWithAProblemAndWritesNothing() {
        String sku = "sku-" + System.nanoTime();
        Answer negative = call(OPERATOR, "POST", "/products", "{\"sku\":\"" + sku + "\",\"name\":\"x\",\"price\":\"-1\",\"currency\":\"EUR\",\"stock\":1}");
        Answer badCurrency = call(OPERATOR, "POST", "/products", "{\"sku\":\"" + sku + "\",\"name\":\"x\",\"price\":\"1\",\"currency\":\"EURO\",\"stock\":1}");
        Answer malformed = call(OPERATOR, "POST", "/products", "{\"sku\":");
        Answer unknown = call(CUSTOMER, "GET", "/products/nope", null);
        Answer tooLarge = call(OPERATOR, "POST", "/products", "{\"sku\":\"" + "x".repeat(1_100_000) + "\"}");

        assertThat(negative.status()).isEqualTo(400);
        assertThat(negative.type()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(negative.body().get("detail").asText()).contains("price");
        assertThat(badCurrency.body().get("detail").asText()).isEqualTo("currency must be an ISO 4217 code, was 'EURO'");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.type()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(tooLarge.status()).isEqualTo(413);
        assertThat(call(CUSTOMER, "GET", "/products?size=200", null).body().findValuesAsText("sku")).doesNotContain(sku);
    }

    @Test
    void refusesADuplicateSkuAndStockBelowWhatIsReserved() {
        String sku = "sku-" + System.nanoTime();
        ProductId product = addProduct(sku, "5.00", 3);
        commands.sendAndWait(new ReserveStockCommand(OrderId.generate(), List.of(new StockLine(product, 2))));

        Answer duplicate = call(OPERATOR, "POST", "/products", "{\"sku\":\"" + sku + "\",\"name\":\"x\",\"price\":\"1\",\"currency\":\"EUR\",\"stock\":1}");
        Answer belowReserved = call(OPERATOR, "PUT", "/products/" + product + "/stock", "{\"onHand\":1}");

        assertThat(duplicate.status()).isEqualTo(409);
        assertThat(belowReserved.status()).isEqualTo(422);
        assertThat(stockOf(product).get("onHand").asInt()).isEqualTo(3);
    }

    @Test
    void reservesAllLinesOrNoneAndReleasesOnce() {
        ProductId mug = addProduct("mug-" + System.nanoTime(), "10.00", 5);
        ProductId tea = addProduct("tea-" + System.nanoTime(), "3.00", 1);
        OrderId tooMuch = OrderId.generate();
        OrderId fits = OrderId.generate();

        commands.sendAndWait(new ReserveStockCommand(tooMuch, List.of(new StockLine(mug, 2), new StockLine(tea, 2))));
        assertThat(stockOf(mug).get("available").asInt()).isEqualTo(5);

        commands.sendAndWait(new ReserveStockCommand(fits, List.of(new StockLine(mug, 2), new StockLine(tea, 1))));
        commands.sendAndWait(new ReserveStockCommand(fits, List.of(new StockLine(mug, 2), new StockLine(tea, 1))));
        assertThat(stockOf(mug).get("available").asInt()).isEqualTo(3);
        assertThat(stockOf(mug).get("reserved").asInt()).isEqualTo(2);
        assertThat(stockOf(tea).get("available").asInt()).isZero();

        commands.sendAndWait(new ReleaseStockCommand(fits));
        commands.sendAndWait(new ReleaseStockCommand(fits));
        assertThat(stockOf(mug).get("available").asInt()).isEqualTo(5);
        assertThat(stockOf(tea).get("available").asInt()).isEqualTo(1);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(eventsOf(tooMuch)).containsExactly(
                    new StockReservationFailedEvent(tooMuch, List.of(new StockShortage(tea, 2, 1))));
            assertThat(eventsOf(fits)).startsWith(
                    new StockReservedEvent(fits, List.of(new StockLine(mug, 2), new StockLine(tea, 1))),
                    new StockReservedEvent(fits, List.of(new StockLine(mug, 2), new StockLine(tea, 1))));
            assertThat(eventsOf(fits)).filteredOn(StockReleasedEvent.class::isInstance).hasSize(2);
        });
    }

    @Test
    void aReleaseBeforeTheReservationAnswersAndTheLateReservationTakesNothing() {
        ProductId mug = addProduct("late-" + System.nanoTime(), "10.00", 5);
        OrderId givenUp = OrderId.generate();
        OrderId shortOfStock = OrderId.generate();
        commands.sendAndWait(new ReserveStockCommand(shortOfStock, List.of(new StockLine(mug, 6))));

        commands.sendAndWait(new ReleaseStockCommand(givenUp));
        commands.sendAndWait(new ReserveStockCommand(givenUp, List.of(new StockLine(mug, 2))));
        commands.sendAndWait(new ReleaseStockCommand(shortOfStock));

        assertThat(stockOf(mug).get("available").asInt()).isEqualTo(5);
        assertThat(stockOf(mug).get("reserved").asInt()).isZero();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(eventsOf(givenUp)).containsExactly(new StockReleasedEvent(givenUp, List.of()));
            assertThat(eventsOf(shortOfStock)).endsWith(new StockReleasedEvent(shortOfStock, List.of()));
        });
    }

    @Test
    void takesTheStockOfAConfirmedOrderFromTheShelfOnceAndNeverWhatWasReleased() {
        ProductId mug = addProduct("sold-" + System.nanoTime(), "10.00", 5);
        OrderId sold = OrderId.generate();
        commands.sendAndWait(new ReserveStockCommand(sold, List.of(new StockLine(mug, 2))));

        ProductId marker = addProduct("marker-" + System.nanoTime(), "1.00", 1);
        OrderId afterwards = OrderId.generate();
        commands.sendAndWait(new ReserveStockCommand(afterwards, List.of(new StockLine(marker, 1))));
        OrderId released = OrderId.generate();
        commands.sendAndWait(new ReserveStockCommand(released, List.of(new StockLine(mug, 1))));
        commands.sendAndWait(new ReleaseStockCommand(released));

        eventGateway.publish(new OrderConfirmedEvent(sold));
        eventGateway.publish(new OrderConfirmedEvent(sold));
        eventGateway.publish(new OrderConfirmedEvent(released));
        eventGateway.publish(new OrderConfirmedEvent(afterwards));

        // One segment handles the events in order: once the last is sold, the duplicate before it was handled too.
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(stockOf(marker).get("onHand").asInt()).isZero());
        assertThat(stockOf(mug).get("onHand").asInt()).isEqualTo(3);
        commands.sendAndWait(new ReserveStockCommand(sold, List.of(new StockLine(mug, 2))));
        commands.sendAndWait(new ReleaseStockCommand(sold));
        JsonNode stock = stockOf(mug);
        assertThat(stock.get("reserved").asInt()).isZero();
        assertThat(stock.get("available").asInt()).isEqualTo(3);
        assertThat(stock.get("onHand").asInt()).isEqualTo(3);
        assertThat(mongo.findById(mug.value(), Product.class).holds()).as("holds of settled orders").isEmpty();
        assertThat(call(OPERATOR, "PUT", "/products/" + mug + "/stock", "{\"onHand\":1}").status())
                .as("restocking to a physical count").isEqualTo(200);
    }

    @Test
    void neverReservesMoreThanIsAvailableUnderConcurrentOrders() throws InterruptedException {
        ProductId scarce = addProduct("scarce-" + System.nanoTime(), "1.00", 10);
        var pool = Executors.newFixedThreadPool(8);
        IntStream.range(0, 30).forEach(i -> pool.submit(() ->
                commands.sendAndWait(new ReserveStockCommand(OrderId.generate(), List.of(new StockLine(scarce, 1))))));
        pool.shutdown();
        assertThat(pool.awaitTermination(60, TimeUnit.SECONDS)).isTrue();

        JsonNode stock = stockOf(scarce);
        assertThat(stock.get("available").asInt()).isZero();
        assertThat(stock.get("reserved").asInt()).isEqualTo(10);
    }

    @Test
    void quotesCurrentPricesAndAvailability() {
        ProductId mug = addProduct("quote-" + System.nanoTime(), "12.50", 2);

        JsonNode quote = call(CUSTOMER, "POST", "/products/quote",
                "{\"items\":[{\"productId\":\"" + mug + "\",\"quantity\":3},{\"productId\":\"ghost\",\"quantity\":1}]}").body();

        assertThat(quote.get("lines").get(0).get("unitPrice").get("amount").asText()).isEqualTo("12.50");
        assertThat(quote.get("lines").get(0).get("available").asInt()).isEqualTo(2);
        assertThat(quote.get("lines").get(0).get("onHand").asInt()).isEqualTo(2);
        assertThat(quote.get("unknown").get(0).asText()).isEqualTo("ghost");
    }

    @Test
    void refusesACallWithoutATokenAsAProblem() {
        ProductId product = addProduct("anonymous-" + System.nanoTime(), "1.00", 1);

        Answer read = call(null, "GET", "/products/" + product, null);
        Answer quote = call(null, "POST", "/products/quote", "{\"items\":[{\"productId\":\"" + product + "\",\"quantity\":1}]}");
        Answer restock = call(null, "PUT", "/products/" + product + "/stock", "{\"onHand\":0}");

        assertThat(read.status()).isEqualTo(401);
        assertThat(read.type()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(read.body().get("detail").asText()).contains("an access token from http://localhost:9000 is required");
        assertThat(quote.status()).isEqualTo(401);
        assertThat(restock.status()).isEqualTo(401);
        assertThat(stockOf(product).get("onHand").asInt()).isEqualTo(1);
    }

    @Test
    void refusesACustomerWhoAddsAProductOrSetsStock() {
        String sku = "refused-" + System.nanoTime();
        ProductId product = addProduct("shelved-" + System.nanoTime(), "1.00", 5);

        Answer add = call(CUSTOMER, "POST", "/products", newProduct(sku, "1.00", 1));
        Answer restock = call(CUSTOMER, "PUT", "/products/" + product + "/stock", "{\"onHand\":0}");

        assertThat(add.status()).isEqualTo(403);
        assertThat(add.type()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(add.body().get("detail").asText())
                .isEqualTo("POST /products needs the operator or service role; alice has the roles [customer]");
        assertThat(restock.status()).isEqualTo(403);
        assertThat(restock.body().get("detail").asText()).startsWith("PUT /products/" + product + "/stock needs");
        assertThat(call(OPERATOR, "GET", "/products?size=200", null).body().findValuesAsText("sku")).doesNotContain(sku);
        assertThat(stockOf(product).get("onHand").asInt()).isEqualTo(5);
    }

    @Test
    void letsOperatorsAndServicesAddProductsAndSetStock() {
        Answer byOperator = call(OPERATOR, "POST", "/products", newProduct("operator-" + System.nanoTime(), "2.00", 3));
        Answer byService = call(SERVICE, "POST", "/products", newProduct("service-" + System.nanoTime(), "2.00", 3));
        String product = byService.body().get("productId").asText();

        assertThat(byOperator.status()).isEqualTo(201);
        assertThat(byService.status()).isEqualTo(201);
        assertThat(call(SERVICE, "PUT", "/products/" + product + "/stock", "{\"onHand\":7}").status()).isEqualTo(200);
        assertThat(call(OPERATOR, "PUT", "/products/" + product + "/stock", "{\"onHand\":8}").status()).isEqualTo(200);
        assertThat(stockOf(new ProductId(product)).get("onHand").asInt()).isEqualTo(8);
    }

    @Test
    void letsACustomerQuoteAndReadProducts() {
        ProductId mug = addProduct("browsed-" + System.nanoTime(), "4.00", 2);

        Answer one = call(CUSTOMER, "GET", "/products/" + mug, null);
        Answer page = call(CUSTOMER, "GET", "/products?size=200", null);
        Answer quote = call(CUSTOMER, "POST", "/products/quote", "{\"items\":[{\"productId\":\"" + mug + "\",\"quantity\":1}]}");

        assertThat(one.status()).isEqualTo(200);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body().findValuesAsText("productId")).contains(mug.value());
        assertThat(quote.status()).isEqualTo(200);
        assertThat(quote.body().get("lines").get(0).get("available").asInt()).isEqualTo(2);
    }

    private List<Object> eventsOf(OrderId order) {
        List<Object> events = new ArrayList<>();
        long head = eventStore.createHeadToken().position().orElse(-1);
        try (var stream = eventStore.openStream(null)) {
            long read = 0;
            while (read <= head && stream.hasNextAvailable(5, TimeUnit.SECONDS)) {
                TrackedEventMessage<?> event = stream.nextAvailable();
                read++;
                Object payload = event.getPayload();
                if (payload.toString().contains(order.value())) {
                    events.add(payload);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return events;
    }
}
