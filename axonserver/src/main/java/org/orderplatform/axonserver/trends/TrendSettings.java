package org.orderplatform.axonserver.trends;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

/**
 * How the dashboard's charts are sampled.
 *
 * @param interval how often the figures are taken
 * @param points   how many samples are kept: with the defaults, the last ten minutes
 * @param services by name, the base address of each service whose {@code /actuator/prometheus} the charts read
 *                 besides the server's own figures; none by default
 */
@ConfigurationProperties("axonserver.trends")
public record TrendSettings(@DefaultValue("5s") Duration interval, @DefaultValue("120") int points,
                            Map<String, URI> services) {

    public TrendSettings {
        services = services == null ? Map.of() : Map.copyOf(services);
    }
}
