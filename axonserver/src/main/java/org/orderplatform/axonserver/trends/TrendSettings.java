package org.orderplatform.axonserver.trends;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * How the dashboard's charts are sampled.
 *
 * @param interval how often the figures are taken
 * @param points   how many samples are kept: with the defaults, the last ten minutes
 */
@ConfigurationProperties("axonserver.trends")
public record TrendSettings(@DefaultValue("5s") Duration interval, @DefaultValue("120") int points) {
}
