package org.orderplatform.axonserver.trends;

import java.time.Instant;
import java.util.Map;

/**
 * The server's figures over one sampling interval, ending at {@code at}.
 *
 * @param eventsPerSecond      events appended per second, by payload type (types with none left out)
 * @param processorLag         events of the log after each event processor's slowest segment, by
 *                             {@code application/processor}
 * @param commandsPerSecond    commands answered per second
 * @param commandLatencyMillis their mean time from receipt to response; null when there were none
 * @param queriesPerSecond     queries answered per second
 * @param suite                what the platform's services reported
 */
public record TrendPoint(Instant at, Map<String, Double> eventsPerSecond, Map<String, Long> processorLag,
                         double commandsPerSecond, Double commandLatencyMillis, double queriesPerSecond,
                         SuiteFigures suite) {
}
