package org.orderplatform.order.saga;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.axonframework.test.saga.ContinuedGivenState;
import org.axonframework.test.saga.FixtureConfiguration;
import org.axonframework.test.saga.SagaTestFixture;
import org.junit.jupiter.api.Test;
import org.orderplatform.api.catalog.ProductId;
import org.orderplatform.api.catalog.ReleaseStockCommand;
import org.orderplatform.api.catalog.ReserveStockCommand;
import org.orderplatform.api.catalog.StockReleasedEvent;
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
import org.orderplatform.api.order.OrderIntervention;
import org.orderplatform.api.order.OrderInterventionRecordedEvent;
import org.orderplatform.api.order.OrderLine;
import org.orderplatform.api.order.OrderPlacedEvent;
import org.orderplatform.api.order.OrderRejectedEvent;
import org.orderplatform.api.order.RejectOrderCommand;
import org.orderplatform.api.order.RejectionReason;
import org.orderplatform.api.payment.ExpirePaymentCommand;
import org.orderplatform.api.payment.PaymentCompletedEvent;
import org.orderplatform.api.payment.PaymentExpiredEvent;
import org.orderplatform.api.payment.PaymentFailedEvent;
import org.orderplatform.api.payment.PaymentId;
import org.orderplatform.api.payment.PaymentRefundedEvent;
import org.orderplatform.api.payment.ProcessPaymentCommand;
import org.orderplatform.api.payment.RefundPaymentCommand;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class OrderSagaTest {

    private static final OrderId ORDER = new OrderId("order-1");
    private static final String ORDER_ID = ORDER.toString();
    private static final ProductId MUG = new ProductId("mug");
    private static final Money TOTAL = Money.of("59.80", "EUR");
    private static final PaymentId PAYMENT = PaymentId.forOrder(ORDER);
    private static final Duration STOCK_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration PAYMENT_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration RETRY_INTERVAL = Duration.ofSeconds(10);
    private static final Instant START = Instant.parse("2026-12-01T09:00:00Z");

    private static final OrderPlacedEvent PLACED = new OrderPlacedEvent(ORDER, new CustomerId("customer-1"),
            "ada@example.com", List.of(new OrderLine(MUG, 2, Money.of("29.90", "EUR"))), TOTAL, "tok_visa");
    private static final List<StockLine> LINES = List.of(new StockLine(MUG, 2));
    private static final ReserveStockCommand RESERVE = new ReserveStockCommand(ORDER, LINES);
    private static final StockReservedEvent RESERVED = new StockReservedEvent(ORDER, LINES);
    private static final StockReleasedEvent RELEASED = new StockReleasedEvent(ORDER, LINES);
    private static final ProcessPaymentCommand CHARGE = ProcessPaymentCommand.forOrder(ORDER, TOTAL, "tok_visa");
    private static final ExpirePaymentCommand EXPIRE = ExpirePaymentCommand.forOrder(ORDER, TOTAL);
    private static final PaymentCompletedEvent PAID = new PaymentCompletedEvent(PAYMENT, ORDER, TOTAL, "charge-1");
    private static final PaymentFailedEvent DECLINED = new PaymentFailedEvent(PAYMENT, ORDER, TOTAL, "card declined");
    private static final PaymentExpiredEvent EXPIRED = new PaymentExpiredEvent(PAYMENT, ORDER, TOTAL);
    private static final OrderCancelledEvent CANCELLED_BY_CUSTOMER =
            new OrderCancelledEvent(ORDER, CancellationReason.CUSTOMER_REQUEST);

    private final MeterRegistry meters = new SimpleMeterRegistry();

    @Test
    void reservesStockWhenAnOrderIsPlacedAndPlansItsNextStep() {
        given()
                .whenPublishingA(PLACED)
                .expectActiveSagas(1)
                .expectAssociationWith(OrderSaga.ORDER_ID, ORDER_ID)
                .expectDispatchedCommands(RESERVE)
                .expectScheduledDeadlineWithName(RETRY_INTERVAL, OrderSaga.STEP_DEADLINE);
    }

    @Test
    void chargesTheOrderOnceStockIsReserved() {
        given().andThenAPublished(PLACED)
                .whenPublishingA(RESERVED)
                .expectDispatchedCommands(CHARGE)
                .expectScheduledDeadlineWithName(RETRY_INTERVAL, OrderSaga.STEP_DEADLINE);
    }

    @Test
    void confirmsAPaidOrderAndEndsWithNothingLeftScheduled() {
        given().andThenAPublished(PLACED).andThenAPublished(RESERVED)
                .whenPublishingA(PAID)
                .expectDispatchedCommands(new ConfirmOrderCommand(ORDER));
        given().andThenAPublished(PLACED).andThenAPublished(RESERVED).andThenAPublished(PAID)
                .whenPublishingA(new OrderConfirmedEvent(ORDER))
                .expectActiveSagas(0)
                .expectNoScheduledDeadlines();
        assertThat(meters.counter("orders.outcomes", "outcome", "confirmed", "reason", "none").count()).isEqualTo(1);
    }

    @Test
    void rejectsOrderWhenStockRunsOut() {
        given().andThenAPublished(PLACED)
                .whenPublishingA(new StockReservationFailedEvent(ORDER, List.of(new StockShortage(MUG, 2, 1))))
                .expectDispatchedCommands(new RejectOrderCommand(ORDER, RejectionReason.OUT_OF_STOCK));
        given().andThenAPublished(PLACED)
                .andThenAPublished(new StockReservationFailedEvent(ORDER, List.of(new StockShortage(MUG, 2, 1))))
                .whenPublishingA(new OrderRejectedEvent(ORDER, RejectionReason.OUT_OF_STOCK))
                .expectActiveSagas(0)
                .expectNoScheduledDeadlines()
                .expectNoDispatchedCommands();
    }

    @Test
    void releasesStockAndCancelsWhenPaymentIsDeclinedAndEndsOnceTheStockIsBack() {
        given().andThenAPublished(PLACED).andThenAPublished(RESERVED)
                .whenPublishingA(DECLINED)
                .expectDispatchedCommands(new ReleaseStockCommand(ORDER),
                        new CancelOrderCommand(ORDER, CancellationReason.PAYMENT_DECLINED));
        given().andThenAPublished(PLACED).andThenAPublished(RESERVED).andThenAPublished(DECLINED)
                .andThenAPublished(new OrderCancelledEvent(ORDER, CancellationReason.PAYMENT_DECLINED))
                .whenPublishingA(RELEASED)
                .expectNoDispatchedCommands()
                .expectActiveSagas(0);
        assertThat(meters.counter("orders.outcomes", "outcome", "cancelled", "reason", "PAYMENT_DECLINED").count())
                .isEqualTo(1);
    }

    @Test
    void sendsTheReservationAgainWhileTheCatalogDoesNotAnswer() throws Exception {
        given().andThenAPublished(PLACED)
                .whenTimeElapses(RETRY_INTERVAL)
                .expectTriggeredDeadlinesWithName(OrderSaga.STEP_DEADLINE)
                .expectDispatchedCommands(RESERVE)
                .expectScheduledDeadlineWithName(RETRY_INTERVAL, OrderSaga.STEP_DEADLINE);
    }

    @Test
    void givesUpOnStockTheCatalogNeverAnsweredAndRejectsTheOrder() throws Exception {
        given().andThenAPublished(PLACED)
                .andThenTimeElapses(STOCK_TIMEOUT.minus(RETRY_INTERVAL))
                .whenTimeElapses(RETRY_INTERVAL)
                .expectDispatchedCommands(new ReleaseStockCommand(ORDER),
                        new RejectOrderCommand(ORDER, RejectionReason.CATALOG_UNAVAILABLE));
        // The release is answered even though nothing was reserved; a reservation arriving late changes nothing.
        given().andThenAPublished(PLACED)
                .andThenTimeElapses(STOCK_TIMEOUT)
                .andThenAPublished(new OrderRejectedEvent(ORDER, RejectionReason.CATALOG_UNAVAILABLE))
                .andThenAPublished(RESERVED)
                .whenPublishingA(new StockReleasedEvent(ORDER, List.of()))
                .expectNoDispatchedCommands()
                .expectActiveSagas(0)
                .expectNoScheduledDeadlines();
    }

    @Test
    void sendsTheReleaseAgainUntilTheCatalogAnswers() throws Exception {
        given().andThenAPublished(PLACED).andThenAPublished(RESERVED).andThenAPublished(DECLINED)
                .andThenAPublished(new OrderCancelledEvent(ORDER, CancellationReason.PAYMENT_DECLINED))
                .whenTimeElapses(RETRY_INTERVAL)
                .expectDispatchedCommands(new ReleaseStockCommand(ORDER))
                .expectActiveSagas(1);
    }

    @Test
    void sendsTheChargeAgainBeforeThePaymentIsDue() throws Exception {
        given().andThenAPublished(PLACED).andThenAPublished(RESERVED)
                .whenTimeElapses(RETRY_INTERVAL)
                .expectDispatchedCommands(CHARGE);
    }

    @Test
    void settlesAPaymentNotAnsweredInTimeAndCancelsWhenNothingWasCharged() throws Exception {
        given().andThenAPublished(PLACED).andThenAPublished(RESERVED)
                .andThenTimeElapses(RETRY_INTERVAL).andThenTimeElapses(RETRY_INTERVAL)
                .whenTimeElapses(RETRY_INTERVAL)
                .expectDispatchedCommands(EXPIRE);
        given().andThenAPublished(PLACED).andThenAPublished(RESERVED)
                .andThenTimeElapses(RETRY_INTERVAL).andThenTimeElapses(RETRY_INTERVAL).andThenTimeElapses(RETRY_INTERVAL)
                .whenTimeElapses(RETRY_INTERVAL)
                .expectDispatchedCommands(EXPIRE);
        given().andThenAPublished(PLACED).andThenAPublished(RESERVED).andThenTimeElapses(PAYMENT_TIMEOUT)
                .whenPublishingA(EXPIRED)
                .expectDispatchedCommands(new ReleaseStockCommand(ORDER),
                        new CancelOrderCommand(ORDER, CancellationReason.PAYMENT_TIMEOUT));
    }

    @Test
    void confirmsAnOrderPaidAtItsDeadline() throws Exception {
        // The charge completed while the payment was being settled, or before, with the saga behind.
        given().andThenAPublished(PLACED).andThenAPublished(RESERVED).andThenTimeElapses(PAYMENT_TIMEOUT)
                .whenPublishingA(PAID)
                .expectDispatchedCommands(new ConfirmOrderCommand(ORDER));
    }

    @Test
    void sendsTheConfirmationAgainUntilTheOrderRecordsIt() throws Exception {
        given().andThenAPublished(PLACED).andThenAPublished(RESERVED).andThenAPublished(PAID)
                .whenTimeElapses(RETRY_INTERVAL)
                .expectDispatchedCommands(new ConfirmOrderCommand(ORDER));
    }

    @Test
    void sendsTheCancellationAgainUntilTheOrderRecordsIt() throws Exception {
        given().andThenAPublished(PLACED).andThenAPublished(RESERVED).andThenAPublished(DECLINED)
                .whenTimeElapses(RETRY_INTERVAL)
                .expectDispatchedCommands(new CancelOrderCommand(ORDER, CancellationReason.PAYMENT_DECLINED),
                        new ReleaseStockCommand(ORDER));
    }

    @Test
    void settlesAnOutstandingPaymentWhenTheCustomerCancelsAndRefundsACharge() {
        given().andThenAPublished(PLACED).andThenAPublished(RESERVED)
                .whenPublishingA(CANCELLED_BY_CUSTOMER)
                .expectDispatchedCommands(new ReleaseStockCommand(ORDER), EXPIRE)
                .expectActiveSagas(1);
        given().andThenAPublished(PLACED).andThenAPublished(RESERVED).andThenAPublished(CANCELLED_BY_CUSTOMER)
                .whenPublishingA(PAID)
                .expectDispatchedCommands(RefundPaymentCommand.forOrder(ORDER));
        given().andThenAPublished(PLACED).andThenAPublished(RESERVED).andThenAPublished(CANCELLED_BY_CUSTOMER)
                .andThenAPublished(RELEASED)
                .whenPublishingA(EXPIRED)
                .expectNoDispatchedCommands()
                .expectActiveSagas(0);
    }

    @Test
    void sendsTheRefundAgainUntilItIsAcknowledged() throws Exception {
        given().andThenAPublished(PLACED).andThenAPublished(RESERVED).andThenAPublished(PAID)
                .andThenAPublished(CANCELLED_BY_CUSTOMER).andThenAPublished(RELEASED)
                .whenTimeElapses(RETRY_INTERVAL)
                .expectDispatchedCommands(RefundPaymentCommand.forOrder(ORDER))
                .expectActiveSagas(1);
        given().andThenAPublished(PLACED).andThenAPublished(RESERVED).andThenAPublished(PAID)
                .andThenAPublished(CANCELLED_BY_CUSTOMER).andThenAPublished(RELEASED)
                .whenPublishingA(new PaymentRefundedEvent(PAYMENT, ORDER, TOTAL))
                .expectActiveSagas(0)
                .expectNoScheduledDeadlines();
    }

    @Test
    void releasesStockReservedAfterTheCustomerCancelled() {
        given().andThenAPublished(PLACED)
                .andThenAPublished(CANCELLED_BY_CUSTOMER)
                .whenPublishingA(RESERVED)
                .expectDispatchedCommands(new ReleaseStockCommand(ORDER))
                .expectActiveSagas(1);
    }

    @Test
    void endsWhenStockRunsOutAfterTheCustomerCancelled() {
        given().andThenAPublished(PLACED)
                .andThenAPublished(CANCELLED_BY_CUSTOMER)
                .whenPublishingA(new StockReservationFailedEvent(ORDER, List.of(new StockShortage(MUG, 2, 0))))
                .expectNoDispatchedCommands()
                .expectActiveSagas(0);
    }

    @Test
    void ignoresARedeliveredAnswer() {
        given().andThenAPublished(PLACED).andThenAPublished(RESERVED)
                .whenPublishingA(RESERVED)
                .expectNoDispatchedCommands();
        given().andThenAPublished(PLACED).andThenAPublished(RESERVED).andThenAPublished(PAID)
                .whenPublishingA(PAID)
                .expectNoDispatchedCommands();
        given().andThenAPublished(PLACED).andThenAPublished(RESERVED).andThenAPublished(PAID)
                .whenPublishingA(EXPIRED)
                .expectNoDispatchedCommands();
    }

    @Test
    void anOperatorRetriesTheCurrentStepBeforeItsTimeIsUp() {
        given().andThenAPublished(PLACED)
                .whenPublishingA(intervention(OrderIntervention.RETRY_STEP))
                .expectDispatchedCommands(RESERVE)
                .expectActiveSagas(1);
        given().andThenAPublished(PLACED).andThenAPublished(RESERVED)
                .whenPublishingA(intervention(OrderIntervention.RETRY_STEP))
                .expectDispatchedCommands(CHARGE);
        given().andThenAPublished(PLACED).andThenAPublished(RESERVED).andThenAPublished(PAID)
                .andThenAPublished(CANCELLED_BY_CUSTOMER)
                .whenPublishingA(intervention(OrderIntervention.RETRY_STEP))
                .expectDispatchedCommands(new ReleaseStockCommand(ORDER), RefundPaymentCommand.forOrder(ORDER));
    }

    @Test
    void anOperatorExpiresTheCurrentStepAsIfItsTimeWereUp() {
        given().andThenAPublished(PLACED)
                .whenPublishingA(intervention(OrderIntervention.EXPIRE_STEP))
                .expectDispatchedCommands(new ReleaseStockCommand(ORDER),
                        new RejectOrderCommand(ORDER, RejectionReason.CATALOG_UNAVAILABLE));
        given().andThenAPublished(PLACED).andThenAPublished(RESERVED)
                .whenPublishingA(intervention(OrderIntervention.EXPIRE_STEP))
                .expectDispatchedCommands(EXPIRE)
                .expectActiveSagas(1);
    }

    @Test
    void compensatingIsTheOrdersCancellationAndRefundsWhatWasCharged() {
        OrderCancelledEvent cancelledByOperator = new OrderCancelledEvent(ORDER, CancellationReason.OPERATOR_REQUEST);
        given().andThenAPublished(PLACED).andThenAPublished(RESERVED)
                .whenPublishingA(intervention(OrderIntervention.COMPENSATE))
                .expectNoDispatchedCommands();
        given().andThenAPublished(PLACED).andThenAPublished(RESERVED)
                .andThenAPublished(intervention(OrderIntervention.COMPENSATE))
                .whenPublishingA(cancelledByOperator)
                .expectDispatchedCommands(new ReleaseStockCommand(ORDER), EXPIRE);
        given().andThenAPublished(PLACED).andThenAPublished(RESERVED)
                .andThenAPublished(intervention(OrderIntervention.COMPENSATE)).andThenAPublished(cancelledByOperator)
                .whenPublishingA(PAID)
                .expectDispatchedCommands(RefundPaymentCommand.forOrder(ORDER));
        assertThat(meters.counter("orders.outcomes", "outcome", "cancelled", "reason", "OPERATOR_REQUEST").count())
                .isEqualTo(2);
    }

    private static OrderInterventionRecordedEvent intervention(OrderIntervention intervention) {
        return new OrderInterventionRecordedEvent(ORDER, intervention, "olivia");
    }

    /** A new saga's history; from a whole second, as the fixture keeps event times to the millisecond only. */
    private ContinuedGivenState given() {
        FixtureConfiguration fixture = new SagaTestFixture<>(OrderSaga.class);
        fixture.registerResource(new OrderSagaSettings(STOCK_TIMEOUT, PAYMENT_TIMEOUT, RETRY_INTERVAL));
        fixture.registerResource(meters);
        fixture.registerResource(new FixtureClock(fixture));
        return fixture.givenCurrentTime(START);
    }

    /** The fixture's time, which deadlines are triggered by. */
    private static final class FixtureClock extends Clock {

        private final FixtureConfiguration fixture;

        FixtureClock(FixtureConfiguration fixture) {
            this.fixture = fixture;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException("the fixture's clock is in UTC");
        }

        @Override
        public Instant instant() {
            return fixture.currentTime();
        }
    }
}
