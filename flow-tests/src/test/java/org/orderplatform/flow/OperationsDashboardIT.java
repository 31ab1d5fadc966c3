package org.orderplatform.flow;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.orderplatform.axonserver.support.Browser;

import java.io.IOException;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The Axon dashboard's operations view in a real headless chromium, signed in as an operator at the real sign-in
 * server, operating catalog, payment and order-command: each action goes from the dashboard to the service with the
 * operator's own access token. Payments here wait five minutes for an answer, so that an order stays stuck in its
 * payment step while the operator looks at it. Each test leaves a screenshot in {@code target/screenshots}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OperationsDashboardIT {

    @RegisterExtension
    static final Browser BROWSER = new Browser();

    private Services services;
    private FlowOrders orders;
    private String dashboard;

    @BeforeAll
    void start() {
        services = Services.forOperations();
        orders = new FlowOrders(services);
        dashboard = services.dashboardUrl();
        BROWSER.open(dashboard);
        BROWSER.signIn(dashboard, "olivia");
    }

    @AfterAll
    void stop() {
        services.close();
    }

    @Test
    void anOperatorFindsAnOrderStuckInItsPaymentRetriesItAndCompensatesItFromItsJourney() throws IOException {
        String mug = orders.addProduct("5.00", 2);
        String orderId = orders.place(mug, 1, "tok_timeout");
        String row = "#sagas tr[data-order='" + orderId + "']";

        BROWSER.open(dashboard + "#/operations");
        assertThat(BROWSER.awaitText(By.cssSelector(row), "payment").getText()).contains(orderId, "step-deadline");
        BROWSER.awaitText(By.id("deadlines"), orderId);
        BROWSER.screenshot("operations-stuck-order");

        new Select(BROWSER.driver().findElement(By.id("saga-step"))).selectByValue("STOCK");
        BROWSER.click(By.id("filter-sagas"));
        BROWSER.await(driver -> driver.getCurrentUrl().contains("step=STOCK")
                && driver.findElements(By.cssSelector(row)).isEmpty()
                && driver.findElement(By.id("sagas")).getText().contains("No order saga is open that matches"));

        BROWSER.open(dashboard + "#/operations");
        BROWSER.click(By.cssSelector(row + " button[data-action='retry']"));
        BROWSER.awaitText(By.id("operations-message"), "Retry step: recorded for order " + orderId + " by olivia");

        BROWSER.open(dashboard + "#/journey/" + orderId);
        BROWSER.awaitText(By.id("journey-saga"), "Its saga waits in step payment");
        BROWSER.awaitText(By.id("journey-steps"), "OrderInterventionRecordedEvent");
        BROWSER.screenshot("journey-of-a-stuck-order");
        BROWSER.click(By.cssSelector("#journey-saga button[data-action='compensate']"));
        BROWSER.await(ExpectedConditions.alertIsPresent()).accept();
        BROWSER.awaitText(By.id("journey-saga"), "Compensate: recorded for order " + orderId + " by olivia");

        orders.awaitFinal(orderId, "OrderCancelledEvent(OPERATOR_REQUEST)");
        await().atMost(FlowOrders.PATIENCE).untilAsserted(() -> {
            assertThat(orders.payment(orderId).get("status").asText()).isEqualTo("EXPIRED");
            assertThat(orders.stock(mug).get("available").asInt()).isEqualTo(2);
        });
        BROWSER.open(dashboard + "#/operations");
        BROWSER.await(driver -> driver.findElements(By.cssSelector("#sagas table, #sagas .notice")).size() > 0
                && driver.findElements(By.cssSelector(row)).isEmpty());
    }

    @Test
    void theOperationsApiHandsTheServicesAnswersOnWithTheOperatorsName() {
        String mug = orders.addProduct("5.00", 2);
        String confirmed = orders.place(mug, 1, "tok_visa");
        orders.awaitFinal(confirmed, "OrderConfirmedEvent");
        String stuck = orders.place(mug, 1, "tok_timeout");
        orders.awaitOpenSagaIn(stuck, "PAYMENT");
        String operations = services.axonServerUrl() + "/v1/operations/sagas/";
        var operator = Http.bearer(services.token("olivia"));

        Http.Answer retried = Http.post(operations + stuck + "/retry", null, operator);
        Http.Answer ended = Http.post(operations + confirmed + "/compensate", null, operator);

        assertThat(retried.status()).as("%s", retried.body()).isEqualTo(202);
        assertThat(retried.text("operator")).isEqualTo("olivia");
        assertThat(ended.status()).isEqualTo(404);
        assertThat(ended.text("detail")).contains("has no open saga");
        assertThat(Http.get(operations + stuck, operator).text("step")).isEqualTo("PAYMENT");
        assertThat(Http.get(services.axonServerUrl() + "/v1/operations/sagas?step=LOST", operator).text("detail"))
                .contains("step must be one of");
    }

    @Test
    void aPaymentThePaymentViewCannotTakeIsParkedThenDroppedOrRetriedFromTheDashboard() throws IOException {
        PoisonablePaymentView paymentView = services.poisonablePaymentView();
        paymentView.poison("13.37");
        String product = orders.addProduct("13.37", 5);
        String dropped = orders.place(product, 1, "tok_visa");
        String retried = orders.place(product, 1, "tok_visa");
        orders.awaitFinal(dropped, "OrderConfirmedEvent");
        orders.awaitFinal(retried, "OrderConfirmedEvent");
        String card = "#dead-letters section[data-service='payment']";

        BROWSER.open(dashboard + "#/operations");
        BROWSER.awaitText(By.cssSelector(card), "2 dead letters");
        assertThat(BROWSER.driver().findElement(By.cssSelector(card)).getText())
                .contains("payment-view: 2", "PaymentCompletedEvent", "cannot take a payment of 13.37");
        assertThat(BROWSER.driver().findElements(By.cssSelector("#dead-letters section[data-service='order-command']")))
                .as("order-command keeps no dead letters").isEmpty();
        BROWSER.screenshot("operations-dead-letters");
        assertThat(Http.get(services.paymentUrl() + "/payments/" + retried, Http.bearer(services.token("olivia")))
                .status()).as("a parked payment is not in the view").isEqualTo(404);

        BROWSER.click(By.cssSelector(card + " tr[data-letter]:first-of-type button[data-action='evict']"));
        BROWSER.await(ExpectedConditions.alertIsPresent()).accept();
        BROWSER.awaitText(By.cssSelector(card), "1 dead letter");
        paymentView.cure("13.37");
        BROWSER.click(By.cssSelector(card + " tr[data-letter] button[data-action='retry']"));
        BROWSER.awaitText(By.id("operations-message"), "Retried");
        BROWSER.awaitText(By.cssSelector(card), "0 dead letters");

        await().atMost(FlowOrders.PATIENCE).untilAsserted(() -> assertThat(Stream.of(dropped, retried)
                .map(orderId -> Http.get(services.paymentUrl() + "/payments/" + orderId,
                        Http.bearer(services.token("olivia"))).status()).toList())
                .as("the retried payment is in the view, the dropped one is not").containsExactlyInAnyOrder(404, 200));
    }
}
