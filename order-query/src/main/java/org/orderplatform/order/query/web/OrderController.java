package org.orderplatform.order.query.web;

import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.orderplatform.api.order.FindOrderQuery;
import org.orderplatform.api.order.OrderId;
import org.orderplatform.api.order.OrderPage;
import org.orderplatform.api.order.OrderView;
import org.orderplatform.support.security.Caller;
import org.springdoc.core.annotations.ParameterObject;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.WebDataBinder;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.InitBinder;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import java.util.concurrent.CompletableFuture;

/** A customer reads only their own orders; operators and services read anyone's. */
@RestController
class OrderController {

    private final QueryGateway queries;

    OrderController(QueryGateway queries) {
        this.queries = queries;
    }

    @GetMapping("/orders/{orderId}")
    CompletableFuture<ResponseEntity<?>> find(@PathVariable String orderId) {
        // Taken on the request's thread: the answer arrives on one of Axon's.
        Caller caller = Caller.current();
        return queries.query(new FindOrderQuery(new OrderId(orderId)), OrderView.class)
                .thenApply(view -> {
                    if (view == null) {
                        return notFound(orderId);
                    }
                    caller.requireActingFor(view.customerId().value(), "order " + orderId);
                    return ResponseEntity.ok(view);
                });
    }

    /**
     * The list's parameters bind to {@link OrderListRequest}'s components only: another parameter, such as
     * {@code customerId[$ne]}, is ignored rather than taken for a property path into them.
     */
    @InitBinder
    void bindDeclaratively(WebDataBinder binder) {
        binder.setDeclarativeBinding(true);
    }

    @GetMapping("/orders")
    CompletableFuture<OrderPage> list(@ParameterObject OrderListRequest request) {
        return queries.query(request.toQuery(Caller.current()), ResponseTypes.instanceOf(OrderPage.class));
    }

    private static ResponseEntity<ProblemDetail> notFound(String orderId) {
        return ResponseEntity.status(HttpStatus.NOT_FOUND)
                .body(ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "no order " + orderId));
    }
}
