package org.orderplatform.gateway.routing;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerResponse;

import java.net.URI;

import static org.springframework.cloud.gateway.server.mvc.filter.BeforeFilterFunctions.uri;
import static org.springframework.cloud.gateway.server.mvc.handler.GatewayRouterFunctions.route;
import static org.springframework.cloud.gateway.server.mvc.handler.HandlerFunctions.http;
import static org.springframework.web.servlet.function.RequestPredicates.GET;
import static org.springframework.web.servlet.function.RequestPredicates.POST;
import static org.springframework.web.servlet.function.RequestPredicates.path;

/** The paths of the HTTP contract, each to the service that serves it. Who may call which is decided before. */
@Configuration(proxyBeanMethods = false)
class Routes {

    @Bean
    RouterFunction<ServerResponse> serviceRoutes(RoutingProperties routing, BackendFailures failures) {
        return to("order-command", routing.orderCommand(), failures)
                .route(POST("/orders"), http())
                .route(POST("/orders/{orderId}/cancel"), http())
                .route(path("/admin/sagas/**"), http())
                .build()
                .and(to("order-query", routing.orderQuery(), failures)
                        // Includes the live updates, GET /orders/{id}/updates (server-sent events).
                        .route(GET("/orders/**"), http())
                        .route(path("/admin/projections/**"), http())
                        .build())
                .and(to("payment", routing.payment(), failures)
                        .route(path("/payments/**"), http())
                        .build())
                .and(to("catalog", routing.catalog(), failures)
                        .route(path("/products/**"), http())
                        .build())
                .and(to("notification", routing.notification(), failures)
                        .route(path("/notifications/**"), http())
                        .route(path("/customers/**"), http())
                        .build());
    }

    private static RouterFunctions.Builder to(String service, URI backend, BackendFailures failures) {
        return route(service)
                .before(uri(backend))
                .after(LocationRewrite.toGateway(backend))
                .onError(BackendFailures::isBackendFailure, failures.answer(service));
    }
}
