package org.orderplatform.gateway.routing;

import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The HTTP client that carries requests to the services, with Spring Boot's {@code spring.http.client.*} timeouts.
 * Apache's client applies the read timeout to each read rather than to the whole exchange, as the JDK's does, so an
 * event stream that keeps sending stays open while a service that stops answering is given up on.
 */
@Configuration(proxyBeanMethods = false)
class BackendClient {

    @Bean
    ClientHttpRequestFactoryBuilder<?> backendRequestFactory(RoutingProperties routing) {
        return ClientHttpRequestFactoryBuilder.httpComponents()
                // One client serves every caller: no cookie may go from one caller's answer into another's request,
                // and bodies pass as the services encoded them.
                .withHttpClientCustomizer(client -> client.disableCookieManagement().disableContentCompression())
                // A route is one instance: each may have the maximum open at once.
                .withConnectionManagerCustomizer(pool -> pool
                        .setMaxConnPerRoute(routing.maxConnections())
                        .setMaxConnTotal(routing.maxConnections() * routing.instanceCount()));
    }
}
