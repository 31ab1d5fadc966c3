package org.orderplatform.gateway.routing;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.web.util.UriComponentsBuilder;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

/**
 * Where the instances of each service answer (one URL or several, comma-separated; scheme, host and port count, a
 * path is ignored), how long an instance that cannot be reached is left out, how long a client is asked to wait when
 * no instance can be reached, and how many connections the gateway keeps open to each instance.
 */
@ConfigurationProperties("gateway.routing")
record RoutingProperties(List<URI> orderCommand, List<URI> orderQuery, List<URI> payment, List<URI> catalog,
                         List<URI> notification, Duration unreachablePause, Duration retryAfter, int maxConnections) {

    RoutingProperties {
        orderCommand = instances("order-command", orderCommand);
        orderQuery = instances("order-query", orderQuery);
        payment = instances("payment", payment);
        catalog = instances("catalog", catalog);
        notification = instances("notification", notification);
        if (unreachablePause == null || unreachablePause.isNegative()) {
            throw new IllegalArgumentException(
                    "gateway.routing.unreachable-pause must be zero or more, was " + unreachablePause);
        }
        if (maxConnections < 1) {
            throw new IllegalArgumentException("gateway.routing.max-connections must be positive, was " + maxConnections);
        }
    }

    /** Every instance of every service: the connection pool's total is counted from it. */
    int instanceCount() {
        return Stream.of(orderCommand, orderQuery, payment, catalog, notification).mapToInt(List::size).sum();
    }

    /** The instances as scheme, host and port, refused unless there is at least one and each is an HTTP(S) URL. */
    private static List<URI> instances(String service, List<URI> urls) {
        String property = "gateway.routing." + service;
        if (urls == null || urls.isEmpty()) {
            throw new IllegalArgumentException(property + " needs at least one URL of the service");
        }
        return urls.stream().map(url -> {
            if (url == null || !url.isAbsolute() || url.getHost() == null
                    || !("http".equalsIgnoreCase(url.getScheme()) || "https".equalsIgnoreCase(url.getScheme()))) {
                throw new IllegalArgumentException(property + " takes absolute http or https URLs with a host, was "
                        + urls);
            }
            return UriComponentsBuilder.newInstance()
                    .scheme(url.getScheme())
                    .host(url.getHost())
                    .port(url.getPort())
                    .build()
                    .toUri();
        }).toList();
    }
}
