package org.orderplatform.gateway.routing;

import org.springframework.http.HttpHeaders;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;
import org.springframework.web.util.UriComponents;
import org.springframework.web.util.UriComponentsBuilder;

import java.net.URI;
import java.util.List;
import java.util.function.BiFunction;

/**
 * Keeps a service's {@code Location} pointing through the gateway. A relative one ({@code /orders/{id}}) already
 * resolves against the gateway, which routes it; an absolute one naming any instance of the service gets the
 * gateway's address instead; any other is left alone.
 */
final class LocationRewrite {

    private LocationRewrite() {
    }

    static BiFunction<ServerRequest, ServerResponse, ServerResponse> toGateway(List<URI> instances) {
        return (request, response) -> {
            String location = response.headers().getFirst(HttpHeaders.LOCATION);
            if (location != null && pointsAtAny(location, instances)) {
                UriComponents gateway = ServletUriComponentsBuilder.fromContextPath(request.servletRequest()).build();
                response.headers().set(HttpHeaders.LOCATION, UriComponentsBuilder.fromUriString(location)
                        .scheme(gateway.getScheme())
                        .host(gateway.getHost())
                        .port(gateway.getPort())
                        .build(true)
                        .toUriString());
            }
            return response;
        };
    }

    private static boolean pointsAtAny(String location, List<URI> instances) {
        try {
            URI target = URI.create(location);
            return target.isAbsolute() && instances.stream().anyMatch(instance ->
                    instance.getScheme().equalsIgnoreCase(target.getScheme())
                            && instance.getHost().equalsIgnoreCase(target.getHost())
                            && port(instance) == port(target));
        } catch (IllegalArgumentException notAUri) {
            return false;
        }
    }

    private static int port(URI uri) {
        if (uri.getPort() != -1) {
            return uri.getPort();
        }
        return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }
}
