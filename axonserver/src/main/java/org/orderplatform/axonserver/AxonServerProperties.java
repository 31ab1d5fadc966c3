package org.orderplatform.axonserver;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.nio.file.Path;
import java.util.Set;

/**
 * The server's settings, bound from {@code axonserver.*} (environment: {@code AXONSERVER_GRPC_PORT},
 * {@code AXONSERVER_DATA_DIR}, ...). The HTTP side uses Spring's own {@code server.port} and {@code server.address}.
 *
 * @param grpcPort     the port the Axon Server gRPC API listens on; 0 picks a free one
 * @param address      the interface both ports bind to; loopback unless set
 * @param dataDir      where events and snapshots are stored
 * @param contexts     the contexts clients may use
 * @param accessToken  when set, every gRPC call must carry it in {@code AxonIQ-Access-Token}
 * @param name         the node name reported to clients
 * @param commandJournalSize how many of the most recent routed commands the dashboard's journey view can see
 */
@ConfigurationProperties("axonserver")
public record AxonServerProperties(@DefaultValue("8124") int grpcPort,
                                   @DefaultValue("127.0.0.1") String address,
                                   @DefaultValue("data/axonserver") Path dataDir,
                                   @DefaultValue("default") Set<String> contexts,
                                   String accessToken,
                                   @DefaultValue("axonserver") String name,
                                   @DefaultValue("10000") int commandJournalSize) {

    public boolean accessControlEnabled() {
        return accessToken != null && !accessToken.isBlank();
    }
}
