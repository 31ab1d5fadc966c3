package org.orderplatform.notification.email;

import org.junit.jupiter.api.Test;
import org.orderplatform.api.catalog.ProductId;
import org.orderplatform.api.common.Money;
import org.orderplatform.api.order.CancellationReason;
import org.orderplatform.api.order.CustomerId;
import org.orderplatform.api.order.OrderCancelledEvent;
import org.orderplatform.api.order.OrderConfirmedEvent;
import org.orderplatform.api.order.OrderId;
import org.orderplatform.api.order.OrderLine;
import org.orderplatform.api.order.OrderPlacedEvent;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EmailTemplatesTest {

    private final EmailTemplates templates = new EmailTemplates();

    @Test
    void escapesEventValuesInHtmlButNotInText() {
        var placed = new OrderPlacedEvent(new OrderId("o-<1>&"), new CustomerId("c-1"), "ada@example.com",
                List.of(new OrderLine(new ProductId("<script>alert(1)</script>"), 1, Money.of("9.90", "EUR"))),
                Money.of("9.90", "EUR"), "tok_visa");

        EmailContent content = templates.render(EmailKind.ORDER_RECEIVED, placed);

        assertThat(content.subject()).isEqualTo("We received your order o-<1>&");
        assertThat(content.text()).contains("1 x <script>alert(1)</script> at 9.90 EUR");
        assertThat(content.html()).contains("&lt;script&gt;alert(1)&lt;/script&gt;", "o-&lt;1&gt;&amp;")
                .doesNotContain("<script>");
    }

    @Test
    void tellsEveryCancellationReasonInWords() {
        for (CancellationReason reason : CancellationReason.values()) {
            EmailContent content = templates.render(EmailKind.ORDER_CANCELLED, new OrderCancelledEvent(new OrderId("o-1"), reason));

            assertThat(content.text()).contains("was cancelled because " + EmailTemplates.humanReason(reason))
                    .doesNotContain(reason.name());
        }
    }

    @Test
    void refusesAnEventThatDoesNotFitTheEmail() {
        assertThatThrownBy(() -> templates.render(EmailKind.PAYMENT_REFUNDED, new OrderConfirmedEvent(new OrderId("o-1"))))
                .isInstanceOf(TemplateRenderingException.class);
    }
}
