package org.orderplatform.payment.query;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.queryhandling.QueryHandler;
import org.orderplatform.api.common.Money;
import org.orderplatform.api.order.OrderId;
import org.orderplatform.api.payment.FindPaymentQuery;
import org.orderplatform.api.payment.PaymentCompletedEvent;
import org.orderplatform.api.payment.PaymentExpiredEvent;
import org.orderplatform.api.payment.PaymentFailedEvent;
import org.orderplatform.api.payment.PaymentId;
import org.orderplatform.api.payment.PaymentRefundedEvent;
import org.orderplatform.api.payment.PaymentStatus;
import org.orderplatform.api.payment.PaymentView;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

import java.math.BigDecimal;
import java.util.Optional;

/**
 * Keeps one document per order's payment. Each event sets the fields it knows, so a redelivered or replayed event
 * leaves the same document; a refund is never undone by a redelivered completion.
 */
@Component
@ProcessingGroup(PaymentProjection.PROCESSOR)
class PaymentProjection {

    static final String PROCESSOR = "payment-view";

    private final MongoTemplate mongo;

    PaymentProjection(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    @EventHandler
    void on(PaymentCompletedEvent event) {
        upsert(event.orderId(), event.paymentId(), event.amount(), PaymentStatus.COMPLETED, null);
    }

    @EventHandler
    void on(PaymentFailedEvent event) {
        upsert(event.orderId(), event.paymentId(), event.amount(), PaymentStatus.FAILED, event.reason());
    }

    @EventHandler
    void on(PaymentExpiredEvent event) {
        upsert(event.orderId(), event.paymentId(), event.amount(), PaymentStatus.EXPIRED, "nothing was charged before the order stopped waiting");
    }

    @EventHandler
    void on(PaymentRefundedEvent event) {
        mongo.upsert(byOrder(event.orderId()), fields(event.paymentId(), event.amount(), null)
                .set("status", PaymentStatus.REFUNDED.name()), PaymentDocument.class);
    }

    @QueryHandler
    Optional<PaymentView> handle(FindPaymentQuery query) {
        return Optional.ofNullable(mongo.findById(query.orderId().value(), PaymentDocument.class))
                .map(document -> new PaymentView(new PaymentId(document.paymentId()), query.orderId(),
                        PaymentStatus.valueOf(document.status()), new BigDecimal(document.amount()),
                        document.currency(), document.reason()));
    }

    private void upsert(OrderId orderId, PaymentId paymentId, Money amount, PaymentStatus status, String reason) {
        Query notRefunded = byOrder(orderId).addCriteria(Criteria.where("status").ne(PaymentStatus.REFUNDED.name()));
        try {
            mongo.upsert(notRefunded, fields(paymentId, amount, reason).set("status", status.name()), PaymentDocument.class);
        } catch (DuplicateKeyException refundedAlready) {
            // The document exists and is refunded: the later state stands.
        }
    }

    private static Query byOrder(OrderId orderId) {
        return Query.query(Criteria.where("_id").is(orderId.value()));
    }

    private static Update fields(PaymentId paymentId, Money amount, String reason) {
        Update update = new Update()
                .set("paymentId", paymentId.value())
                .set("amount", amount.amount().toPlainString())
                .set("currency", amount.currency());
        return reason == null ? update : update.set("reason", reason);
    }
}
