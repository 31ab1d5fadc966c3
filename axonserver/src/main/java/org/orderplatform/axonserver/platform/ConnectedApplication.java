package org.orderplatform.axonserver.platform;

import io.axoniq.axonserver.grpc.control.EventProcessorInfo;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A connected client application instance as the dashboard shows it.
 *
 * @param client            context and client id
 * @param componentName     the application name; instances of one application share it
 * @param version           the Axon Framework version the client reports
 * @param tags              the client's tags
 * @param connectedSince    when the instance registered
 * @param lastHeartbeat     when its last heartbeat arrived, {@code null} when it sends none
 * @param commands          the commands it handles
 * @param queries           the queries it handles
 * @param waitingForPermits commands and queries waiting for its permits on its handler connections
 * @param eventProcessors   the latest status it reported for each of its event processors, by processor name
 */
public record ConnectedApplication(ClientKey client,
                                   String componentName,
                                   String version,
                                   Map<String, String> tags,
                                   Instant connectedSince,
                                   Instant lastHeartbeat,
                                   Set<String> commands,
                                   Set<String> queries,
                                   int waitingForPermits,
                                   List<EventProcessorInfo> eventProcessors) {
}
