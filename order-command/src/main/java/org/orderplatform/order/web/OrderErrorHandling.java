package org.orderplatform.order.web;

import org.axonframework.axonserver.connector.AxonServerException;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.NoHandlerForCommandException;
import org.axonframework.common.AxonException;
import org.orderplatform.order.catalog.CatalogUnavailableException;
import org.orderplatform.order.command.OrderCommandErrors;
import org.orderplatform.order.idempotency.IdempotencyKeyReusedException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** How the order API answers what cannot be done. */
@RestControllerAdvice(assignableTypes = OrderController.class)
class OrderErrorHandling {

    @ExceptionHandler({OrderNotAcceptedException.class, IdempotencyKeyReusedException.class})
    ProblemDetail unprocessable(RuntimeException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.UNPROCESSABLE_ENTITY, e.getMessage());
    }

    @ExceptionHandler(CatalogUnavailableException.class)
    ResponseEntity<ProblemDetail> handle(CatalogUnavailableException e) {
        return unavailable(Math.max(1, (e.retryAfter().toMillis() + 999) / 1000), e.getMessage());
    }

    /** The command could not reach a handler: no order-command instance, or no Axon Server, is reachable now. */
    @ExceptionHandler({NoHandlerForCommandException.class, AxonServerException.class})
    ResponseEntity<ProblemDetail> handle(AxonException e) {
        return unavailable(1, "orders cannot be handled now: " + e.getMessage());
    }

    @ExceptionHandler(CommandExecutionException.class)
    ProblemDetail handle(CommandExecutionException e) {
        String code = e.getDetails().map(Object::toString).orElse("");
        HttpStatus status = switch (code) {
            case OrderCommandErrors.ORDER_NOT_FOUND -> HttpStatus.NOT_FOUND;
            case OrderCommandErrors.ORDER_FINAL -> HttpStatus.CONFLICT;
            default -> HttpStatus.SERVICE_UNAVAILABLE;
        };
        return ProblemDetail.forStatusAndDetail(status, e.getMessage());
    }

    private static ResponseEntity<ProblemDetail> unavailable(long retryAfterSeconds, String detail) {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, Long.toString(retryAfterSeconds))
                .body(ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, detail));
    }
}
