package org.orderplatform.payment.web;

import org.orderplatform.api.order.OrderId;
import org.orderplatform.payment.query.OrderQueryUnavailableException;
import org.orderplatform.payment.query.PaymentLookup;
import org.orderplatform.support.security.Caller;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import java.util.concurrent.CompletableFuture;

@RestController
class PaymentController {

    private final PaymentLookup payments;

    PaymentController(PaymentLookup payments) {
        this.payments = payments;
    }

    @GetMapping("/payments/{orderId}")
    CompletableFuture<ResponseEntity<?>> find(@PathVariable String orderId) {
        return payments.find(new OrderId(orderId), Caller.current())
                .thenApply(view -> view
                        .<ResponseEntity<?>>map(ResponseEntity::ok)
                        .orElseGet(() -> ResponseEntity.status(HttpStatus.NOT_FOUND).body(ProblemDetail.forStatusAndDetail(
                                HttpStatus.NOT_FOUND, "no payment for order " + orderId))));
    }

    @ExceptionHandler(OrderQueryUnavailableException.class)
    ResponseEntity<ProblemDetail> handle(OrderQueryUnavailableException ex) {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, Long.toString(ex.retryAfterSeconds()))
                .body(ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, ex.getMessage()));
    }
}
