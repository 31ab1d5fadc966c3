package org.orderplatform.api;

import org.junit.jupiter.api.Test;
import org.orderplatform.api.catalog.ProductId;
import org.orderplatform.api.catalog.ReserveStockCommand;
import org.orderplatform.api.catalog.StockLine;
import org.orderplatform.api.catalog.StockShortage;
import org.orderplatform.api.common.Money;
import org.orderplatform.api.order.CustomerId;
import org.orderplatform.api.order.FindOrdersQuery;
import org.orderplatform.api.order.OrderId;
import org.orderplatform.api.order.OrderLine;
import org.orderplatform.api.order.OrderPlacedEvent;
import org.orderplatform.api.order.PlaceOrderCommand;
import org.orderplatform.api.payment.PaymentId;
import org.orderplatform.api.payment.ProcessPaymentCommand;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class MessageValidationTest {

    private static final OrderId ORDER = new OrderId("order-1");
    private static final ProductId MUG = new ProductId("mug");
    private static final CustomerId CUSTOMER = new CustomerId("customer-1");

    @Test
    void idsPrintTheirRawValueAndRefuseBlanks() {
        assertThat(ORDER).hasToString("order-1");
        assertThat(PaymentId.forOrder(ORDER)).hasToString("payment-order-1");
        assertThat(OrderId.generate()).isNotEqualTo(OrderId.generate());
        assertThatIllegalArgumentException().isThrownBy(() -> new OrderId(" "))
                .withMessage("orderId must not be blank");
        assertThatIllegalArgumentException().isThrownBy(() -> new ProductId(null))
                .withMessage("productId must not be blank");
    }

    @Test
    void moneyKeepsTheCurrencyScaleAndRefusesWhatItCannotRepresent() {
        assertThat(Money.of("29.9", "EUR")).isEqualTo(Money.of("29.90", "EUR"));
        assertThat(Money.of("29.9", "EUR").amount()).isEqualByComparingTo("29.90");
        assertThat(Money.of("100", "JPY").amount().scale()).isZero();
        assertThat(Money.of("29.90", "EUR").times(3)).isEqualTo(Money.of("89.70", "EUR"));
        assertThat(Money.of("1.10", "EUR").plus(Money.of("2.25", "EUR"))).isEqualTo(Money.of("3.35", "EUR"));

        assertThatIllegalArgumentException().isThrownBy(() -> Money.of("1.999", "EUR"))
                .withMessage("amount 1.999 has more decimals than EUR allows (2)");
        assertThatIllegalArgumentException().isThrownBy(() -> Money.of("-5", "EUR"))
                .withMessage("amount must not be negative, was -5");
        assertThatIllegalArgumentException().isThrownBy(() -> Money.of("ten", "EUR"))
                .withMessage("amount must be a decimal number, was 'ten'");
        assertThatIllegalArgumentException().isThrownBy(() -> Money.of("1", "EURO"))
                .withMessage("currency must be an ISO 4217 code, was 'EURO'");
        assertThatIllegalArgumentException().isThrownBy(() -> Money.of("1", "EUR").plus(Money.of("1", "USD")))
                .withMessage("cannot add USD to EUR");
    }

    @Test
    void orderLinesNeedAPositiveQuantity() {
        assertThatIllegalArgumentException().isThrownBy(() -> new OrderLine(MUG, 0, Money.of("1", "EUR")))
                .withMessage("quantity must be positive, was 0");
        assertThatIllegalArgumentException().isThrownBy(() -> new OrderLine(MUG, -2, Money.of("1", "EUR")))
                .withMessage("quantity must be positive, was -2");
    }

    @Test
    void anOrderNeedsLinesOneCurrencyAndAnEmail() {
        var line = new OrderLine(MUG, 2, Money.of("29.90", "EUR"));

        assertThat(new PlaceOrderCommand(ORDER, CUSTOMER, "a@b.c", List.of(line), "tok").total())
                .isEqualTo(Money.of("59.80", "EUR"));
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new PlaceOrderCommand(ORDER, CUSTOMER, "a@b.c", List.of(), "tok"))
                .withMessage("lines must not be empty");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new PlaceOrderCommand(ORDER, CUSTOMER, "a@b.c", List.of(line, line), "tok"))
                .withMessage("lines name product mug more than once");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new PlaceOrderCommand(ORDER, CUSTOMER, "a@b.c",
                        List.of(line, new OrderLine(new ProductId("tea"), 1, Money.of("1", "USD"))), "tok"))
                .withMessage("all lines must be priced in one currency");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new PlaceOrderCommand(ORDER, CUSTOMER, "not-an-email", List.of(line), "tok"))
                .withMessage("customerEmail must be an email address, was 'not-an-email'");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new PlaceOrderCommand(ORDER, null, "a@b.c", List.of(line), "tok"))
                .withMessage("customerId is required");
    }

    @Test
    void aPlacedOrdersTotalIsTheSumOfItsLines() {
        var line = new OrderLine(MUG, 2, Money.of("29.90", "EUR"));

        assertThatIllegalArgumentException()
                .isThrownBy(() -> new OrderPlacedEvent(ORDER, CUSTOMER, "a@b.c", List.of(line), Money.of("1", "EUR"), "tok"))
                .withMessage("total 1.00 EUR is not the sum of the lines, 59.80 EUR");
    }

    @Test
    void aPaymentBelongsToItsOrder() {
        assertThat(ProcessPaymentCommand.forOrder(ORDER, Money.of("1", "EUR"), "tok").paymentId())
                .isEqualTo(PaymentId.forOrder(ORDER));
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new ProcessPaymentCommand(new PaymentId("other"), ORDER, Money.of("1", "EUR"), "tok"))
                .withMessage("paymentId other does not belong to order order-1");
    }

    @Test
    void stockCommandsNeedDistinctPositiveLines() {
        assertThatIllegalArgumentException().isThrownBy(() -> new ReserveStockCommand(ORDER, List.of()))
                .withMessage("lines must not be empty");
        assertThatIllegalArgumentException().isThrownBy(() -> new StockLine(MUG, -1))
                .withMessage("quantity must be positive, was -1");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new ReserveStockCommand(ORDER, List.of(new StockLine(MUG, 1), new StockLine(MUG, 2))))
                .withMessage("lines name product mug more than once");
        assertThatIllegalArgumentException().isThrownBy(() -> new StockShortage(MUG, 2, 5))
                .withMessage("no shortage: 5 available for 2 requested");
    }

    @Test
    void pagesAreBounded() {
        assertThat(new FindOrdersQuery(null, null, 0, 20).size()).isEqualTo(20);
        assertThatIllegalArgumentException().isThrownBy(() -> new FindOrdersQuery(CUSTOMER, null, -1, 20))
                .withMessage("page must not be negative, was -1");
        assertThatIllegalArgumentException().isThrownBy(() -> new FindOrdersQuery(CUSTOMER, null, 0, 0))
                .withMessage("size must be positive, was 0");
        assertThatIllegalArgumentException().isThrownBy(() -> new FindOrdersQuery(CUSTOMER, null, 0, 101))
                .withMessage("size must be at most 100, was 101");
    }
}
