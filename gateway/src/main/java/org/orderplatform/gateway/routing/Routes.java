package org.orderplatform.gateway.routing;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerResponse;

import java.time.Duration;

import static org.springframework.cloud.gateway.server.mvc.handler.GatewayRouterFunctions.route;
import static org.springframework.web.servlet.function.RequestPredicates.GET;
import static org.springframework.web.servlet.function.RequestPredicates.POST;
import static org.springframework.web.servlet.function.RequestPredicates.path;

/**
 * The paths of the HTTP contract, each to the service that serves it, balanced over the service's instances. Who may
 * call which is decided before.
 */
@Configuration(proxyBeanMethods = false)
class Routes {

    @Bean
    RouterFunction<ServerResponse> serviceRoutes(RoutingProperties routing, BackendFailures failures,
                                                 MeterRegistry meters) {
        Duration pause = routing.unreachablePause();
        Balancer orderCommand = new Balancer("order-command", routing.orderCommand(), pause, meters);
        Balancer orderQuery = new Balancer("order-query", routing.orderQuery(), pause, meters);
        Balancer payment = new Balancer("payment", routing.payment(), pause, meters);
        Balancer catalog = new Balancer("catalog", routing.catalog(), pause, meters);
        Balancer notification = new Balancer("notification", routing.notification(), pause, meters);
        return to(orderCommand, failures)
                // order-command answers a repeated Idempotency-Key with the order it placed for it.
                .route(POST("/orders"), orderCommand.honouringIdempotencyKeys())
                .route(POST("/orders/{orderId}/cancel"), orderCommand)
                .route(path("/admin/sagas/**"), orderCommand)
                .build()
                .and(to(orderQuery, failures)
                        // Includes the live updates, GET /orders/{id}/updates (server-sent events).
                        .route(GET("/orders/**"), orderQuery)
                        .route(path("/admin/projections/**"), orderQuery)
                        .build())
                .and(to(payment, failures)
                        .route(path("/payments/**"), payment)
                        .build())
                .and(to(catalog, failures)
                        .route(path("/products/**"), catalog)
                        .build())
                .and(to(notification, failures)
                        .route(path("/notifications/**"), notification)
                        .route(path("/customers/**"), notification)
                        .build());
    }

    private static RouterFunctions.Builder to(Balancer service, BackendFailures failures) {
        return route(service.service())
                .after(LocationRewrite.toGateway(service.instances()))
                .onError(BackendFailures::isBackendFailure, failures.answer(service.service()));
    }
}
