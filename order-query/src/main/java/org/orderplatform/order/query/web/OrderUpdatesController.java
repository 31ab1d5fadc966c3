package org.orderplatform.order.query.web;

import org.orderplatform.api.order.OrderId;
import org.orderplatform.api.order.OrderView;
import org.orderplatform.order.query.updates.OrderUpdates;
import org.orderplatform.support.security.Caller;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.ErrorResponseException;
import reactor.core.publisher.Flux;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

@RestController
class OrderUpdatesController {

    private final OrderUpdates updates;
    private final Duration keepAlive;

    OrderUpdatesController(OrderUpdates updates, @Value("${order-query.updates.keep-alive:15s}") Duration keepAlive) {
        this.updates = updates;
        this.keepAlive = keepAlive;
    }

    /**
     * Unknown orders fail the request with a 404 problem, another customer's with a 403 problem, before any event is
     * sent.
     */
    @GetMapping(path = "/orders/{orderId}/updates", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    CompletableFuture<ResponseEntity<Flux<ServerSentEvent<OrderView>>>> follow(@PathVariable String orderId) {
        return updates.follow(new OrderId(orderId), Caller.current()).thenApply(stream -> stream
                .map(views -> ResponseEntity.ok().contentType(MediaType.TEXT_EVENT_STREAM)
                        .body(ServerSentEvents.of(views, keepAlive)))
                .orElseThrow(() -> new ErrorResponseException(HttpStatus.NOT_FOUND,
                        ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "no order " + orderId), null)));
    }

    /** Each view is an {@code order} event; comments in between let a vanished client be noticed and released. */
    static final class ServerSentEvents {

        private ServerSentEvents() {
        }

        static Flux<ServerSentEvent<OrderView>> of(Flux<OrderView> views, Duration keepAlive) {
            ServerSentEvent<OrderView> end = ServerSentEvent.<OrderView>builder().comment("end").build();
            Flux<ServerSentEvent<OrderView>> events = views
                    .map(view -> ServerSentEvent.builder(view).event("order").build())
                    .concatWith(Flux.just(end));
            Flux<ServerSentEvent<OrderView>> beats = Flux.interval(keepAlive)
                    .map(tick -> ServerSentEvent.<OrderView>builder().comment("keep-alive").build());
            return events.mergeWith(beats).takeUntil(event -> event == end).filter(event -> event != end);
        }
    }
}
