package org.orderplatform.axonserver;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The order platform's services this server shows beside its own figures, bound from {@code axonserver.suite.*}:
 * the overview's charts read every instance's {@code /actuator/prometheus}, the operations view calls the
 * {@code /admin} APIs of the first instance that can be reached.
 *
 * @param services by name, the base address of each instance of the service (a comma-separated list, or one);
 *                 none by default
 */
@ConfigurationProperties("axonserver.suite")
public record SuiteServices(Map<String, List<URI>> services) {

    public SuiteServices {
        services = services == null ? Map.of() : services.entrySet().stream()
                .filter(service -> !service.getValue().isEmpty())
                .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, service -> List.copyOf(service.getValue())));
    }

    /** The instances of {@code service}, in the order given; empty when it is not configured. */
    public List<URI> instances(String service) {
        return services.getOrDefault(service, List.of());
    }
}
