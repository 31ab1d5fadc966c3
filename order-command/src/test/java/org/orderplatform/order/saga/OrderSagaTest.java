package org.orderplatform.order.saga;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.axonframework.test.saga.FixtureConfiguration;
import org.axonframework.test.saga.SagaTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.orderplatform.api.catalog.ProductId;
import org.orderplatform.api.catalog.ReleaseStockCommand;
import org.orderplatform.api.catalog.ReserveStockCommand;
import org.orderplatform.api.catalog.StockLine;
import org.orderplatform.api.catalog.StockReservationFailedEvent;
import org.orderplatform.api.catalog.StockReservedEvent;
import org.orderplatform.api.catalog.StockShortage;
import org.orderplatform.api.common.Money;
import org.orderplatform.api.order.CancelOrderCommand;
import org.orderplatform.api.order.CancellationReason;
import org.orderplatform.api.order.ConfirmOrderCommand;
import org.orderplatform.api.order.CustomerId;
import org.orderplatform.api.order.OrderCancelledEvent;
import org.orderplatform.api.order.OrderConfirmedEvent;
import org.orderplatform.api.order.OrderId;
import org.orderplatform.api.order.OrderLine;
import org.orderplatform.api.order.OrderPlacedEvent;
import org.orderplatform.api.order.OrderRejectedEvent;
import org.orderplatform.api.order.RejectOrderCommand;
import org.orderplatform.api.order.RejectionReason;
import org.orderplatform.api.payment.PaymentCompletedEvent;
import org.orderplatform.api.payment.PaymentFailedEvent;
import org.orderplatform.api.payment.PaymentId;
import org.orderplatform.api.payment.PaymentRefundedEvent;
import org.orderplatform.api.payment.ProcessPaymentCommand;
import org.orderplatform.api.payment.RefundPaymentCommand;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class OrderSagaTest {

    private static final OrderId ORDER = new OrderId("order-1");
    private static final String ORDER_ID = ORDER.toString();
    private static final ProductId MUG = new ProductId("mug");
    private static final Money TOTAL = Money.of("59.80", "EUR");
    private static final PaymentId PAYMENT = PaymentId.forOrder(ORDER);
    private static final Duration PAYMENT_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration LATE_PAYMENT_WINDOW = Duration.ofHours(24);

    private static final OrderPlacedEvent PLACED = new OrderPlacedEvent(ORDER, new CustomerId("customer-1"),
            "ada@example.com", List.of(new OrderLine(MUG, 2, Money.of("29.90", "EUR"))), TOTAL, "tok_visa");
    private static final List<StockLine> LINES = List.of(new StockLine(MUG, 2));
    private static final StockReservedEvent RESERVED = new StockReservedEvent(ORDER, LINES);
    private static final PaymentCompletedEvent PAID = new PaymentCompletedEvent(PAYMENT, ORDER, TOTAL, "charge-1");
    private static final PaymentFailedEvent DECLINED = new PaymentFailedEvent(PAYMENT, ORDER, TOTAL, "card declined");

    private final MeterRegistry meters = new SimpleMeterRegistry();
    private FixtureConfiguration fixture;

    @BeforeEach
    void setUp() {
        fixture = new SagaTestFixture<>(OrderSaga.class);
        fixture.registerResource(new OrderSagaSettings(PAYMENT_TIMEOUT, LATE_PAYMENT_WINDOW));
        fixture.registerResource(meters);
    }

    @Test
    void reservesStockWhenAnOrderIsPlaced() {
        fixture.givenNoPriorActivity()
                .whenPublishingA(PLACED)
                .expectActiveSagas(1)
                .expectAssociationWith(OrderSaga.ORDER_ID, ORDER_ID)
                .expectDispatchedCommands(new ReserveStockCommand(ORDER, LINES));
    }

    @Test
    void chargesTheOrderOnceStockIsReservedAndWaitsForTheAnswer() {
        fixture.givenAPublished(PLACED)
                .whenPublishingA(RESERVED)
                .expectDispatchedCommands(ProcessPaymentCommand.forOrder(ORDER, TOTAL, "tok_visa"))
                .expectScheduledDeadlineWithName(PAYMENT_TIMEOUT, OrderSaga.PAYMENT_DEADLINE);
    }

    @Test
    void confirmsAPaidOrderAndEnds() {
        fixture.givenAPublished(PLACED).andThenAPublished(RESERVED)
                .whenPublishingA(PAID)
                .expectDispatchedCommands(new ConfirmOrderCommand(ORDER))
                .expectNoScheduledDeadlines();
        fixture.givenAPublished(PLACED).andThenAPublished(RESERVED).andThenAPublished(PAID)
                .whenPublishingA(new OrderConfirmedEvent(ORDER))
                .expectActiveSagas(0);
        assertThat(meters.counter("orders.outcomes", "outcome", "confirmed", "reason", "none").count()).isEqualTo(1);
    }

    @Test
    void rejectsOrderWhenStockRunsOut() {
        fixture.givenAPublished(PLACED)
                .whenPublishingA(new StockReservationFailedEvent(ORDER, List.of(new StockShortage(MUG, 2, 1))))
                .expectDispatchedCommands(new RejectOrderCommand(ORDER, RejectionReason.OUT_OF_STOCK));
        fixture.givenAPublished(PLACED)
                .andThenAPublished(new StockReservationFailedEvent(ORDER, List.of(new StockShortage(MUG, 2, 1))))
                .whenPublishingA(new OrderRejectedEvent(ORDER, RejectionReason.OUT_OF_STOCK))
                .expectActiveSagas(0)
                .expectNoDispatchedCommands();
    }

    @Test
    void releasesStockAndCancelsWhenPaymentIsDeclined() {
        fixture.givenAPublished(PLACED).andThenAPublished(RESERVED)
                .whenPublishingA(DECLINED)
                .expectDispatchedCommands(new ReleaseStockCommand(ORDER),
                        new CancelOrderCommand(ORDER, CancellationReason.PAYMENT_DECLINED))
                .expectNoScheduledDeadlines();
        fixture.givenAPublished(PLACED).andThenAPublished(RESERVED).andThenAPublished(DECLINED)
                .whenPublishingA(new OrderCancelledEvent(ORDER, CancellationReason.PAYMENT_DECLINED))
                .expectNoDispatchedCommands()
                .expectActiveSagas(0);
        assertThat(meters.counter("orders.outcomes", "outcome", "cancelled", "reason", "PAYMENT_DECLINED").count())
                .isEqualTo(1);
    }

    @Test
    void releasesStockAndCancelsWhenPaymentTimesOut() throws Exception {
        fixture.givenAPublished(PLACED).andThenAPublished(RESERVED)
                .whenTimeElapses(PAYMENT_TIMEOUT)
                .expectTriggeredDeadlinesWithName(OrderSaga.PAYMENT_DEADLINE)
                .expectDispatchedCommands(new ReleaseStockCommand(ORDER),
                        new CancelOrderCommand(ORDER, CancellationReason.PAYMENT_TIMEOUT));
    }

    @Test
    void waitsForALatePaymentAfterATimeoutAndRefundsIt() throws Exception {
        fixture.givenAPublished(PLACED).andThenAPublished(RESERVED)
                .andThenTimeElapses(PAYMENT_TIMEOUT)
                .andThenAPublished(new OrderCancelledEvent(ORDER, CancellationReason.PAYMENT_TIMEOUT))
                .whenPublishingA(PAID)
                .expectDispatchedCommands(RefundPaymentCommand.forOrder(ORDER))
                .expectActiveSagas(1)
                .expectNoScheduledDeadlines();
        fixture.givenAPublished(PLACED).andThenAPublished(RESERVED)
                .andThenTimeElapses(PAYMENT_TIMEOUT)
                .andThenAPublished(new OrderCancelledEvent(ORDER, CancellationReason.PAYMENT_TIMEOUT))
                .andThenAPublished(PAID)
                .whenPublishingA(new PaymentRefundedEvent(PAYMENT, ORDER, TOTAL))
                .expectActiveSagas(0);
    }

    @Test
    void givesUpOnAPaymentThatNeverAnswersAfterTheLatePaymentWindow() throws Exception {
        fixture.givenAPublished(PLACED).andThenAPublished(RESERVED)
                .andThenTimeElapses(PAYMENT_TIMEOUT)
                .andThenAPublished(new OrderCancelledEvent(ORDER, CancellationReason.PAYMENT_TIMEOUT))
                .whenTimeElapses(LATE_PAYMENT_WINDOW)
                .expectNoDispatchedCommands()
                .expectActiveSagas(0);
    }

    @Test
    void releasesStockWhenTheCustomerCancelsBeforePayment() {
        fixture.givenAPublished(PLACED).andThenAPublished(RESERVED).andThenAPublished(DECLINED)
                .whenPublishingA(new OrderCancelledEvent(ORDER, CancellationReason.CUSTOMER_REQUEST))
                .expectNoDispatchedCommands()
                .expectActiveSagas(0);
        fixture.givenAPublished(PLACED).andThenAPublished(RESERVED)
                .whenPublishingA(new OrderCancelledEvent(ORDER, CancellationReason.CUSTOMER_REQUEST))
                .expectDispatchedCommands(new ReleaseStockCommand(ORDER))
                .expectScheduledDeadlineWithName(LATE_PAYMENT_WINDOW, OrderSaga.LATE_PAYMENT_DEADLINE)
                .expectActiveSagas(1);
    }

    @Test
    void refundsWhenTheCustomerCancelsAfterTheCharge() {
        fixture.givenAPublished(PLACED).andThenAPublished(RESERVED)
                .andThenAPublished(new OrderCancelledEvent(ORDER, CancellationReason.CUSTOMER_REQUEST))
                .whenPublishingA(PAID)
                .expectDispatchedCommands(RefundPaymentCommand.forOrder(ORDER))
                .expectActiveSagas(1);
    }

    @Test
    void releasesStockReservedAfterTheCustomerCancelled() {
        fixture.givenAPublished(PLACED)
                .andThenAPublished(new OrderCancelledEvent(ORDER, CancellationReason.CUSTOMER_REQUEST))
                .whenPublishingA(RESERVED)
                .expectDispatchedCommands(new ReleaseStockCommand(ORDER))
                .expectNoScheduledDeadlines()
                .expectActiveSagas(0);
    }

    @Test
    void endsWhenStockRunsOutAfterTheCustomerCancelled() {
        fixture.givenAPublished(PLACED)
                .andThenAPublished(new OrderCancelledEvent(ORDER, CancellationReason.CUSTOMER_REQUEST))
                .whenPublishingA(new StockReservationFailedEvent(ORDER, List.of(new StockShortage(MUG, 2, 0))))
                .expectNoDispatchedCommands()
                .expectActiveSagas(0);
    }

    @Test
    void ignoresARedeliveredAnswer() {
        fixture.givenAPublished(PLACED).andThenAPublished(RESERVED)
                .whenPublishingA(RESERVED)
                .expectNoDispatchedCommands();
        fixture.givenAPublished(PLACED).andThenAPublished(RESERVED).andThenAPublished(PAID)
                .whenPublishingA(PAID)
                .expectNoDispatchedCommands();
    }
}
