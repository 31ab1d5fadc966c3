package org.orderplatform.payment.web;

import org.axonframework.queryhandling.QueryGateway;
import org.orderplatform.api.order.OrderId;
import org.orderplatform.api.payment.FindPaymentQuery;
import org.orderplatform.api.payment.PaymentView;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

@RestController
class PaymentController {

    private final QueryGateway queries;

    PaymentController(QueryGateway queries) {
        this.queries = queries;
    }

    @GetMapping("/payments/{orderId}")
    CompletableFuture<ResponseEntity<?>> find(@PathVariable String orderId) {
        return queries.query(new FindPaymentQuery(new OrderId(orderId)), PaymentView.class)
                .thenApply(view -> Optional.ofNullable(view)
                        .<ResponseEntity<?>>map(ResponseEntity::ok)
                        .orElseGet(() -> ResponseEntity.status(HttpStatus.NOT_FOUND).body(ProblemDetail.forStatusAndDetail(
                                HttpStatus.NOT_FOUND, "no payment for order " + orderId))));
    }
}
