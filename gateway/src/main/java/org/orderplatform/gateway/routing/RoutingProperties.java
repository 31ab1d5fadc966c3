package org.orderplatform.gateway.routing;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.net.URI;
import java.time.Duration;

/**
 * Where each service answers (scheme, host and port; a path is ignored), how long a client is asked to wait when one
 * cannot be reached, and how many connections the gateway keeps open to each.
 */
@ConfigurationProperties("gateway.routing")
record RoutingProperties(URI orderCommand, URI orderQuery, URI payment, URI catalog, URI notification,
                         Duration retryAfter, int maxConnections) {

    RoutingProperties {
        if (maxConnections < 1) {
            throw new IllegalArgumentException("gateway.routing.max-connections must be positive, was " + maxConnections);
        }
    }
}
