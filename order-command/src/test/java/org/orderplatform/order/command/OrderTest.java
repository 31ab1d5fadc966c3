package org.orderplatform.order.command;

import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.orderplatform.api.catalog.ProductId;
import org.orderplatform.api.common.Money;
import org.orderplatform.api.order.CancelOrderCommand;
import org.orderplatform.api.order.CancellationReason;
import org.orderplatform.api.order.ConfirmOrderCommand;
import org.orderplatform.api.order.CustomerId;
import org.orderplatform.api.order.InterveneInOrderCommand;
import org.orderplatform.api.order.OrderCancelledEvent;
import org.orderplatform.api.order.OrderConfirmedEvent;
import org.orderplatform.api.order.OrderId;
import org.orderplatform.api.order.OrderIntervention;
import org.orderplatform.api.order.OrderInterventionRecordedEvent;
import org.orderplatform.api.order.OrderLine;
import org.orderplatform.api.order.OrderPlacedEvent;
import org.orderplatform.api.order.OrderRejectedEvent;
import org.orderplatform.api.order.OrderStatus;
import org.orderplatform.api.order.PlaceOrderCommand;
import org.orderplatform.api.order.RejectOrderCommand;
import org.orderplatform.api.order.RejectionReason;

import java.util.List;

class OrderTest {

    private static final OrderId ORDER = new OrderId("order-1");
    private static final List<OrderLine> LINES = List.of(
            new OrderLine(new ProductId("mug"), 2, Money.of("29.90", "EUR")),
            new OrderLine(new ProductId("tea"), 1, Money.of("9.90", "EUR")));
    private static final CustomerId CUSTOMER = new CustomerId("customer-1");
    private static final OrderPlacedEvent PLACED = new OrderPlacedEvent(ORDER, CUSTOMER,
            "ada@example.com", LINES, Money.of("69.70", "EUR"), "tok_visa");

    private FixtureConfiguration<Order> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Order.class);
    }

    @Test
    void placesAnOrderWithItsTotal() {
        fixture.givenNoPriorActivity()
                .when(new PlaceOrderCommand(ORDER, CUSTOMER, "ada@example.com", LINES, "tok_visa"))
                .expectSuccessfulHandlerExecution()
                .expectEvents(PLACED);
    }

    @Test
    void placingTheSameOrderAgainChangesNothing() {
        fixture.given(PLACED)
                .when(new PlaceOrderCommand(ORDER, CUSTOMER, "ada@example.com", LINES, "tok_visa"))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void confirmsAPendingOrderOnce() {
        fixture.given(PLACED)
                .when(new ConfirmOrderCommand(ORDER))
                .expectEvents(new OrderConfirmedEvent(ORDER));
        fixture.given(PLACED, new OrderConfirmedEvent(ORDER))
                .when(new ConfirmOrderCommand(ORDER))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void refusesToConfirmACancelledOrder() {
        fixture.given(PLACED, new OrderCancelledEvent(ORDER, CancellationReason.PAYMENT_TIMEOUT))
                .when(new ConfirmOrderCommand(ORDER))
                .expectException(OrderAlreadyFinalException.class)
                .expectExceptionMessage("order order-1 is CANCELLED and cannot be confirmed")
                .expectNoEvents();
    }

    @Test
    void rejectsAPendingOrderWhenStockRunsOut() {
        fixture.given(PLACED)
                .when(new RejectOrderCommand(ORDER, RejectionReason.OUT_OF_STOCK))
                .expectEvents(new OrderRejectedEvent(ORDER, RejectionReason.OUT_OF_STOCK));
    }

    @Test
    void refusesToRejectAConfirmedOrder() {
        fixture.given(PLACED, new OrderConfirmedEvent(ORDER))
                .when(new RejectOrderCommand(ORDER, RejectionReason.OUT_OF_STOCK))
                .expectException(OrderAlreadyFinalException.class)
                .expectNoEvents();
    }

    @Test
    void cancelsAPendingOrderWithItsReason() {
        fixture.given(PLACED)
                .when(new CancelOrderCommand(ORDER, CancellationReason.CUSTOMER_REQUEST))
                .expectEvents(new OrderCancelledEvent(ORDER, CancellationReason.CUSTOMER_REQUEST))
                .expectResultMessagePayload(OrderStatus.CANCELLED);
    }

    @Test
    void letsItsCustomerCancelIt() {
        fixture.given(PLACED)
                .when(new CancelOrderCommand(ORDER, CancellationReason.CUSTOMER_REQUEST, CUSTOMER))
                .expectEvents(new OrderCancelledEvent(ORDER, CancellationReason.CUSTOMER_REQUEST));
    }

    @Test
    void refusesACancellationByAnotherCustomer() {
        fixture.given(PLACED)
                .when(new CancelOrderCommand(ORDER, CancellationReason.CUSTOMER_REQUEST, new CustomerId("bob")))
                .expectException(OrderOfAnotherCustomerException.class)
                .expectExceptionMessage("order order-1 belongs to another customer than bob")
                .expectNoEvents();
    }

    @Test
    void repeatingTheSameCancellationChangesNothing() {
        fixture.given(PLACED, new OrderCancelledEvent(ORDER, CancellationReason.PAYMENT_DECLINED))
                .when(new CancelOrderCommand(ORDER, CancellationReason.PAYMENT_DECLINED))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void refusesToCancelAFinalOrder() {
        fixture.given(PLACED, new OrderConfirmedEvent(ORDER))
                .when(new CancelOrderCommand(ORDER, CancellationReason.CUSTOMER_REQUEST))
                .expectException(OrderAlreadyFinalException.class)
                .expectExceptionMessage("order order-1 is CONFIRMED and cannot be cancelled")
                .expectNoEvents();
        fixture.given(PLACED, new OrderCancelledEvent(ORDER, CancellationReason.PAYMENT_TIMEOUT))
                .when(new CancelOrderCommand(ORDER, CancellationReason.CUSTOMER_REQUEST))
                .expectException(OrderAlreadyFinalException.class)
                .expectNoEvents();
    }

    @Test
    void recordsWhoAskedToRetryOrExpireAStepOfAnyOrder() {
        fixture.given(PLACED)
                .when(new InterveneInOrderCommand(ORDER, OrderIntervention.RETRY_STEP, "olivia"))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new OrderInterventionRecordedEvent(ORDER, OrderIntervention.RETRY_STEP, "olivia"));
        // A final order's saga may still wait for its stock's release or its refund.
        fixture.given(PLACED, new OrderCancelledEvent(ORDER, CancellationReason.PAYMENT_DECLINED))
                .when(new InterveneInOrderCommand(ORDER, OrderIntervention.EXPIRE_STEP, "olivia"))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new OrderInterventionRecordedEvent(ORDER, OrderIntervention.EXPIRE_STEP, "olivia"));
    }

    @Test
    void compensatingCancelsAPendingOrderAtTheOperatorsRequest() {
        fixture.given(PLACED)
                .when(new InterveneInOrderCommand(ORDER, OrderIntervention.COMPENSATE, "olivia"))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new OrderInterventionRecordedEvent(ORDER, OrderIntervention.COMPENSATE, "olivia"),
                        new OrderCancelledEvent(ORDER, CancellationReason.OPERATOR_REQUEST));
    }

    @Test
    void refusesToCompensateAFinalOrder() {
        fixture.given(PLACED, new OrderConfirmedEvent(ORDER))
                .when(new InterveneInOrderCommand(ORDER, OrderIntervention.COMPENSATE, "olivia"))
                .expectException(OrderAlreadyFinalException.class)
                .expectExceptionMessage("order order-1 is CONFIRMED and cannot be compensated")
                .expectNoEvents();
    }
}
