package org.orderplatform.axonserver.routing;

import org.axonframework.axonserver.connector.AxonServerConfiguration;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.Configuration;
import org.axonframework.config.Configurer;
import org.axonframework.config.DefaultConfigurer;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.axonframework.queryhandling.QueryGateway;
import org.axonframework.queryhandling.QueryUpdateEmitter;
import org.axonframework.serialization.json.JacksonSerializer;

/**
 * A real Axon Framework 4 application connected to the server under test through the stock Axon Server connector,
 * with plain annotated command and query handlers. Events stay in memory: routing needs no event store.
 */
public final class AxonApp implements AutoCloseable {

    static {
        // Axon 4.13 phones home for updates at start; tests must not depend on the network.
        System.setProperty("axoniq.update-checker.disabled", "true");
    }

    private final Configuration configuration;

    private AxonApp(Configuration configuration) {
        this.configuration = configuration;
    }

    /** Starts an application whose handlers are the given annotated objects. */
    public static AxonApp start(int grpcPort, String componentName, String clientId, Object... handlers) {
        AxonServerConfiguration server = AxonServerConfiguration.builder()
                .servers("localhost:" + grpcPort)
                .componentName(componentName)
                .clientId(clientId)
                .suppressDownloadMessage()
                .build();
        server.getHeartbeat().setEnabled(true);
        server.getHeartbeat().setInterval(500);
        server.getHeartbeat().setTimeout(2000);
        Configurer configurer = DefaultConfigurer.defaultConfiguration()
                .registerComponent(AxonServerConfiguration.class, c -> server)
                .configureSerializer(c -> JacksonSerializer.defaultSerializer())
                .configureMessageSerializer(c -> JacksonSerializer.defaultSerializer())
                .configureEventSerializer(c -> JacksonSerializer.defaultSerializer())
                .configureEmbeddedEventStore(c -> new InMemoryEventStorageEngine());
        for (Object handler : handlers) {
            configurer.registerMessageHandler(c -> handler);
        }
        return new AxonApp(configurer.start());
    }

    public CommandGateway commandGateway() {
        return configuration.commandGateway();
    }

    public QueryGateway queryGateway() {
        return configuration.queryGateway();
    }

    public QueryUpdateEmitter updateEmitter() {
        return configuration.queryUpdateEmitter();
    }

    @Override
    public void close() {
        configuration.shutdown();
    }
}
