package org.orderplatform.axonserver.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.messaging.MetaData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.orderplatform.axonserver.support.Browser;
import org.orderplatform.axonserver.support.Http;
import org.orderplatform.axonserver.support.ServerPerClass;
import org.orderplatform.axonserver.support.Shop;
import org.orderplatform.axonserver.support.SigninServer;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The dashboard in a real headless chromium, against a running server with four real Axon applications connected
 * and a saga that carries each order across three of them, signed in as an operator through the real sign-in
 * server's form once for the whole class. Each test leaves a screenshot in {@code target/screenshots}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardIT {

    private static final Duration PATIENCE = Duration.ofSeconds(20);
    private static final String PLACED = Shop.OrderPlaced.class.getName();
    private static final String CHARGED = Shop.PaymentCharged.class.getName();

    @RegisterExtension
    static final ServerPerClass SERVER = new ServerPerClass(withTrendsEvery200Millis());
    @RegisterExtension
    static final Browser BROWSER = new Browser();
    private Shop shop;
    private Http http;
    private String dashboard;
    private Instant beforeOrders;

    @BeforeAll
    void start() {
        shop = Shop.open(SERVER.get());
        http = new Http(SERVER.get().httpPort()).withBearer(SigninServer.operatorToken());
        dashboard = "http://127.0.0.1:" + SERVER.get().httpPort() + "/dashboard/";
        BROWSER.open(dashboard);
        BROWSER.signIn(dashboard, SigninServer.OPERATOR);
        beforeOrders = Instant.now();
        shop.placeAndConfirm("order-1", 30);
        shop.placeAndConfirm("order-2", 45);
    }

    private static Map<String, String> withTrendsEvery200Millis() {
        Map<String, String> settings = new HashMap<>(SigninServer.trusted());
        settings.put("axonserver.trends.interval", "200ms");
        return settings;
    }

    @AfterAll
    void stop() {
        shop.close();
    }

    @Test
    void theServerRootLeadsToTheOverviewOfEveryApplication() throws IOException {
        BROWSER.open("http://127.0.0.1:" + SERVER.get().httpPort() + "/");

        WebElement orders = BROWSER.awaitText(By.cssSelector("section[data-application='orders']"), "order-summary");
        assertThat(orders.getText()).contains("orders-1", "PlaceOrder", "ConfirmOrder", "IsConfirmed", "running");
        assertThat(BROWSER.awaitText(By.cssSelector("section[data-application='billing']"), Shop.SAGA_PROCESSOR)
                .getText()).contains("billing-1");
        assertThat(BROWSER.awaitText(By.cssSelector("section[data-application='payments']"), "ChargePayment")
                .getText()).contains("payments-1");
        assertThat(BROWSER.mainText()).contains("web-1");
        assertThat(BROWSER.driver().getCurrentUrl()).endsWith("/dashboard/");
        BROWSER.screenshot("overview");
    }

    @Test
    void drawsTheServersRecentFiguresOnTheOverview() throws IOException {
        BROWSER.open(dashboard);
        shop.placeAndConfirm("order-charted", 10);

        By events = By.cssSelector("figure[data-chart='events']");
        BROWSER.await(d -> d.findElement(events).findElements(By.cssSelector("li[data-series='OrderPlaced']")).size() == 1);
        WebElement placed = BROWSER.driver().findElement(events)
                .findElement(By.cssSelector("polyline[data-series='OrderPlaced']"));
        assertThat(placed.getAttribute("points").split(" ").length).isGreaterThan(1);
        assertThat(BROWSER.driver().findElement(events).findElement(By.cssSelector("li[data-series='OrderPlaced']"))
                .getAttribute("title")).isEqualTo(PLACED);
        assertThat(BROWSER.awaitText(By.cssSelector("figure[data-chart='processor-lag']"), "orders/" + Shop.SUMMARY)
                .getText()).contains("billing/" + Shop.SAGA_PROCESSOR);
        assertThat(BROWSER.awaitText(By.cssSelector("figure[data-chart='messages']"), "commands").getText())
                .contains("queries");
        assertThat(BROWSER.driver().findElements(By.cssSelector("figure[data-chart='command-latency'] polyline")))
                .isNotEmpty();
        assertThat(BROWSER.mainText()).contains("sampled every 200 ms");
        BROWSER.screenshot("overview-charts");
    }

    @Test
    void pausesStartsSplitsAndMergesAProcessorInTheApplication() throws IOException {
        StreamingEventProcessor summary = shop.summary();
        BROWSER.open(dashboard + "#/processors");
        By card = By.cssSelector("section[data-processor='" + Shop.SUMMARY + "']");
        assertThat(BROWSER.awaitText(card, "running").getText()).contains("orders-1", "1/1");
        BROWSER.await(d -> d.findElement(card).findElement(By.cssSelector("[data-field='lag']")).getText().equals("0"));

        BROWSER.click(By.cssSelector("section[data-processor='" + Shop.SUMMARY + "'] button[data-action='pause']"));
        await().atMost(PATIENCE).until(() -> !summary.isRunning());
        awaitInstruction("PAUSE_EVENT_PROCESSOR");
        BROWSER.awaitText(card, "paused");
        BROWSER.screenshot("processors-paused");

        BROWSER.click(By.cssSelector("section[data-processor='" + Shop.SUMMARY + "'] button[data-action='start']"));
        await().atMost(PATIENCE).until(summary::isRunning);
        awaitInstruction("START_EVENT_PROCESSOR");
        BROWSER.awaitText(card, "running");

        BROWSER.click(By.cssSelector("section[data-processor='" + Shop.SUMMARY + "'] button[data-action='split']"));
        await().atMost(PATIENCE).until(() -> summary.processingStatus().size() == 2);
        awaitInstruction("SPLIT_EVENT_PROCESSOR_SEGMENT");
        BROWSER.awaitText(card, "1/2");
        BROWSER.screenshot("processors-split");

        BROWSER.click(By.cssSelector("section[data-processor='" + Shop.SUMMARY + "'] tr[data-segment='0'] "
                + "button[data-action='merge']"));
        await().atMost(PATIENCE).until(() -> summary.processingStatus().size() == 1);
        awaitInstruction("MERGE_EVENT_PROCESSOR_SEGMENT");
        BROWSER.await(d -> d.findElement(card).getText().contains("1/1") && !d.findElement(card).getText().contains("1/2"));
        BROWSER.screenshot("processors");
    }

    private void awaitInstruction(String type) {
        BROWSER.await(d -> d.findElements(By.cssSelector("#instructions tbody tr")).stream()
                .anyMatch(row -> row.getText().contains(type) && row.getText().contains("SUCCEEDED")));
    }

    @Test
    void browsesTheNewestEventsAndShowsAnEventsMetadataAndPayload() throws IOException {
        BROWSER.open(dashboard + "#/events");

        BROWSER.await(d -> d.findElements(By.cssSelector("#event-results tbody tr[data-token]")).size() >= 6);
        WebElement placed = BROWSER.driver().findElement(By.xpath(
                "//tr[td[@title='" + PLACED + "'] and .//a[text()='order-1']]"));
        placed.findElement(By.tagName("button")).click();
        WebElement details = placed.findElement(By.xpath("following-sibling::tr[1]"));
        assertThat(details.findElement(By.cssSelector("pre.payload")).getText())
                .isEqualTo("{\n  \"orderId\" : \"order-1\",\n  \"amount\" : 30\n}");
        assertThat(details.getText()).contains("correlationId", "traceId", "Order order-1 #0");
        BROWSER.screenshot("event-details");
    }

    @Test
    void followsNewEventsLive() {
        BROWSER.open(dashboard + "#/events");
        BROWSER.await(d -> d.findElements(By.cssSelector("#event-results tbody tr[data-token]")).size() >= 6);

        shop.placeAndConfirm("order-live", 5);

        BROWSER.awaitText(By.id("event-results"), "order-live");
    }

    @Test
    void searchesByPayloadTypeAggregateAndTime() throws IOException {
        BROWSER.open(dashboard + "#/events");
        BROWSER.type(By.id("filter-payloadType"), CHARGED);
        BROWSER.click(By.id("search"));
        BROWSER.await(d -> !rowsOfEvents().isEmpty() && rowsOfEvents().stream()
                .allMatch(row -> row.getText().contains("PaymentCharged")));

        BROWSER.open(dashboard + "#/events?aggregateId=order-1&from=" + beforeOrders + "&to=" + Instant.now());
        BROWSER.await(d -> rowsOfEvents().size() == 2);
        assertThat(rowsOfEvents()).extracting(WebElement::getText)
                .allMatch(text -> text.contains("order-1")).first().asString().contains("OrderConfirmed");
        BROWSER.screenshot("events-search");
    }

    private List<WebElement> rowsOfEvents() {
        return BROWSER.driver().findElements(By.cssSelector("#event-results tbody tr[data-token]"));
    }

    @Test
    void showsAnAggregatesWholeHistoryWithItsSnapshots() throws IOException {
        BROWSER.open(dashboard + "#/aggregates/order-1");

        WebElement history = BROWSER.awaitText(By.id("aggregate-events"), "OrderConfirmed");
        assertThat(history.findElements(By.cssSelector("tbody tr[data-token]"))).extracting(WebElement::getText)
                .satisfiesExactly(first -> assertThat(first).startsWith("0").contains("OrderPlaced"),
                        second -> assertThat(second).startsWith("1").contains("OrderConfirmed"));
        // Axon's snapshotter writes after the command's unit of work; reloading shows it once it is there.
        BROWSER.await(d -> {
            if (d.findElement(By.id("aggregate-snapshots")).getText().contains("Snapshots, newest first")) {
                return true;
            }
            d.navigate().refresh();
            return false;
        });
        assertThat(BROWSER.driver().findElement(By.id("aggregate-snapshots")).getText()).contains("Order");
        BROWSER.screenshot("aggregate");
    }

    @Test
    void followsAnOrdersJourneyThroughTheSagaInOrderWithTheServices() throws IOException {
        BROWSER.open(dashboard + "#/journey");
        BROWSER.type(By.id("journey-id"), "order-1");
        BROWSER.click(By.id("follow"));

        BROWSER.await(d -> d.findElements(By.cssSelector("#journey-steps tbody tr[data-kind]")).size() == 6);
        List<String> steps = BROWSER.driver().findElements(By.cssSelector("#journey-steps tbody tr[data-kind]"))
                .stream()
                .map(row -> row.getAttribute("data-kind") + " " + row.getAttribute("data-name").replaceAll(".*[.$]", "")
                        + " " + row.getAttribute("data-service"))
                .toList();
        assertThat(steps).containsExactly(
                "COMMAND PlaceOrder orders",
                "EVENT OrderPlaced orders",
                "COMMAND ChargePayment payments",
                "EVENT PaymentCharged payments",
                "COMMAND ConfirmOrder orders",
                "EVENT OrderConfirmed orders");
        assertThat(BROWSER.mainText()).contains("sent by billing to payments", "sent by web to orders",
                "3 commands and 3 events");
        BROWSER.screenshot("journey");
    }

    @Test
    void linksAJourneyToItsDistributedTrace() {
        String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        shop.placeAndConfirm("order-traced", 5, MetaData.with(Shop.TRACEPARENT, "00-" + traceId + "-00f067aa0ba902b7-01"));

        BROWSER.open(dashboard + "#/journey/order-traced");

        BROWSER.await(d -> !d.findElements(By.cssSelector("a.trace-link")).isEmpty());
        WebElement link = BROWSER.driver().findElement(By.cssSelector("a.trace-link"));
        assertThat(link.getText()).isEqualTo(traceId);
        assertThat(link.getAttribute("href")).isEqualTo("http://localhost:9411/zipkin/traces/" + traceId);
        assertThat(link.getAttribute("rel")).isEqualTo("noopener");
    }

    @Test
    void showsHandlersWithWhatWasRouted() throws IOException {
        JsonNode place = find(http.get("/v1/commands").json(), Shop.PlaceOrder.class.getName());
        BROWSER.open(dashboard + "#/handlers");

        WebElement row = BROWSER.awaitText(By.cssSelector("tr[data-name='" + Shop.PlaceOrder.class.getName() + "']"),
                "orders-1");
        assertThat(Long.parseLong(row.findElement(By.cssSelector("[data-field='routed']")).getText().replace(",", "")))
                .isGreaterThanOrEqualTo(place.get("routed").asLong()).isPositive();
        assertThat(BROWSER.awaitText(By.id("queries"), "IsConfirmed").getText()).contains("orders");
        BROWSER.screenshot("handlers");
    }

    @Test
    void showsTheServerStatus() throws IOException {
        BROWSER.open(dashboard + "#/status");

        BROWSER.awaitText(By.cssSelector("[data-field='storeHealth']"), "UP");
        assertThat(BROWSER.driver().findElement(By.cssSelector("[data-field='version']")).getText())
                .isEqualTo("0.1.0-SNAPSHOT");
        BROWSER.await(d -> d.findElement(By.cssSelector("[data-field='events']")).getText()
                .equals(String.format("%,d", http.get("/v1/status").json().get("events").asLong())));
        assertThat(BROWSER.mainText()).contains("Uptime", "Storage size", "Snapshots", "default");
        BROWSER.screenshot("status");
    }

    @Test
    void badInputGivesAClearMessageAndNeverAStackTrace() throws IOException {
        assertProblemShown("#/events?from=yesterday", "from must be an ISO-8601 date-time");
        assertProblemShown("#/events?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z", "is after to");
        assertProblemShown("#/events?payloadType=org.example.NoSuchEvent", "Unknown payload type 'org.example.NoSuchEvent'");
        assertProblemShown("#/events?aggregateId=" + "x".repeat(201), "aggregateId must be at most 200 characters");
        assertProblemShown("#/aggregates/no-such-order", "No events of aggregate 'no-such-order'");
        assertProblemShown("#/journey/" + "y".repeat(201), "id must be at most 200 characters");

        BROWSER.open(dashboard + "#/events");
        BROWSER.type(By.id("filter-from"), "2026-13-45");
        BROWSER.click(By.id("search"));
        BROWSER.awaitText(By.cssSelector(".problem[role='alert']"), "from must be an ISO-8601 date-time");
        BROWSER.screenshot("bad-input");
    }

    private void assertProblemShown(String view, String message) {
        BROWSER.open(dashboard + view);
        String shown = BROWSER.awaitText(By.cssSelector(".problem[role='alert']"), message).getText();
        assertThat(BROWSER.mainText()).doesNotContain("Exception", "at org.", "Whitelabel");
        assertThat(shown).doesNotContain("Exception");
    }

    private static JsonNode find(JsonNode array, String name) {
        for (JsonNode node : array) {
            if (node.get("name").asText().equals(name)) {
                return node;
            }
        }
        throw new AssertionError("no " + name + " in " + array);
    }
}
