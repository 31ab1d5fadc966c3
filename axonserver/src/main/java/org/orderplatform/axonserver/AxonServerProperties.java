package org.orderplatform.axonserver;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

/**
 * The server's settings, bound from {@code axonserver.*} (environment: {@code AXONSERVER_GRPC_PORT},
 * {@code AXONSERVER_DATA_DIR}, ...). The HTTP side uses Spring's own {@code server.port} and {@code server.address}.
 *
 * @param grpcPort     the port the Axon Server gRPC API listens on; 0 picks a free one
 * @param address      the interface the gRPC port binds to; loopback unless set, and beyond loopback only with an
 *                     access token
 * @param dataDir      where events and snapshots are stored
 * @param contexts     the contexts clients may use
 * @param accessToken  when set, every gRPC call must carry it in {@code AxonIQ-Access-Token}; on the HTTP port, a
 *                     request carrying it there acts as an operator
 * @param name         the node name reported to clients
 * @param commandJournalSize how many of the most recent routed commands the dashboard's journey view can see
 * @param commandTimeout     how long a routed command may wait for its handler's answer before the dispatcher is told
 *                           it timed out; AxonIQ's {@code axoniq.axonserver.default-command-timeout}
 * @param queryTimeout       the longest a query (other than a streaming one) may wait for its handlers, whatever
 *                           timeout it asks for; AxonIQ's {@code axoniq.axonserver.default-query-timeout}
 * @param clientHeartbeatTimeout how long a client that sends heartbeats may go without one before it is disconnected;
 *                           zero never disconnects. AxonIQ's {@code axoniq.axonserver.client-heartbeat-timeout}
 * @param keepAliveTime      how long a gRPC connection may be silent before the server pings it; zero never pings.
 *                           AxonIQ's {@code axoniq.axonserver.keep-alive-time} (2.5 s there), but grpc-java pings no
 *                           sooner than 10 s, so that is the default
 * @param keepAliveTimeout   how long the server waits for the answer to its ping before it drops the connection
 * @param minFreeSpace       free space on the data directory's disk under which appends are refused with a clear
 *                           error, rather than failing midway; they resume once space is freed
 */
@ConfigurationProperties("axonserver")
public record AxonServerProperties(@DefaultValue("8124") int grpcPort,
                                   @DefaultValue("127.0.0.1") String address,
                                   @DefaultValue(AxonServerApplication.DEFAULT_DATA_DIR) Path dataDir,
                                   @DefaultValue("default") Set<String> contexts,
                                   String accessToken,
                                   @DefaultValue("axonserver") String name,
                                   @DefaultValue("10000") int commandJournalSize,
                                   @DefaultValue("5m") Duration commandTimeout,
                                   @DefaultValue("5m") Duration queryTimeout,
                                   @DefaultValue("5s") Duration clientHeartbeatTimeout,
                                   @DefaultValue("10s") Duration keepAliveTime,
                                   @DefaultValue("5s") Duration keepAliveTimeout,
                                   @DefaultValue("64MB") DataSize minFreeSpace) {
}
