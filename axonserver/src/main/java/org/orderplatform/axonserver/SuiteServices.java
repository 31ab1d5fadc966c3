package org.orderplatform.axonserver;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.net.URI;
import java.util.Map;
import java.util.Optional;

/**
 * The order platform's services this server shows beside its own figures, bound from {@code axonserver.suite.*}:
 * the overview's charts read their {@code /actuator/prometheus}, the operations view their {@code /admin} APIs.
 *
 * @param services by name, each service's base address; none by default
 */
@ConfigurationProperties("axonserver.suite")
public record SuiteServices(Map<String, URI> services) {

    public SuiteServices {
        services = services == null ? Map.of() : Map.copyOf(services);
    }

    public Optional<URI> address(String service) {
        return Optional.ofNullable(services.get(service));
    }
}
