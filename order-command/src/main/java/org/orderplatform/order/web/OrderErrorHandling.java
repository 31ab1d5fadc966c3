package org.orderplatform.order.web;

import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.common.AxonException;
import org.orderplatform.order.catalog.CatalogUnavailableException;
import org.orderplatform.order.command.OrderCommandErrors;
import org.orderplatform.order.idempotency.IdempotencyKeyReusedException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** How the order API answers what cannot be done. */
@RestControllerAdvice(assignableTypes = {OrderController.class, SagaInspectorController.class})
class OrderErrorHandling {

    @ExceptionHandler({OrderNotAcceptedException.class, IdempotencyKeyReusedException.class})
    ProblemDetail unprocessable(RuntimeException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.UNPROCESSABLE_ENTITY, e.getMessage());
    }

    @ExceptionHandler(CatalogUnavailableException.class)
    ResponseEntity<ProblemDetail> handle(CatalogUnavailableException e) {
        return unavailable(Math.max(1, (e.retryAfter().toMillis() + 999) / 1000), e.getMessage());
    }

    @ExceptionHandler(OrdersBusyException.class)
    ResponseEntity<ProblemDetail> handle(OrdersBusyException e) {
        return unavailable(e.retryAfterSeconds(), e.getMessage());
    }

    /**
     * The command could not reach a handler, or its handler could not reach the event store: no order-command
     * instance, no Axon Server, or no answer in time. Placing and cancelling are idempotent, so asking again is safe.
     */
    @ExceptionHandler({AxonException.class, OrdersUnavailableException.class, DataAccessResourceFailureException.class})
    ResponseEntity<ProblemDetail> handle(RuntimeException e) {
        return unavailable(1, "orders cannot be handled now: " + e.getMessage());
    }

    /** A handler's answer: the order's own refusals carry their code; anything else failed on the way, and may pass. */
    @ExceptionHandler(CommandExecutionException.class)
    ResponseEntity<ProblemDetail> handle(CommandExecutionException e) {
        String code = e.getDetails().map(Object::toString).orElse("");
        return switch (code) {
            case OrderCommandErrors.ORDER_NOT_FOUND -> refused(HttpStatus.NOT_FOUND, e);
            case OrderCommandErrors.ORDER_FINAL -> refused(HttpStatus.CONFLICT, e);
            case OrderCommandErrors.ORDER_OF_ANOTHER_CUSTOMER -> refused(HttpStatus.FORBIDDEN, e);
            default -> unavailable(1, "orders cannot be handled now: " + e.getMessage());
        };
    }

    private static ResponseEntity<ProblemDetail> refused(HttpStatus status, CommandExecutionException e) {
        return ResponseEntity.status(status).body(ProblemDetail.forStatusAndDetail(status, e.getMessage()));
    }

    private static ResponseEntity<ProblemDetail> unavailable(long retryAfterSeconds, String detail) {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, Long.toString(retryAfterSeconds))
                .body(ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, detail));
    }
}
