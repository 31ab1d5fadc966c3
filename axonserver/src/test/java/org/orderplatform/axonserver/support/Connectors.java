package org.orderplatform.axonserver.support;

import io.axoniq.axonserver.connector.AxonServerConnection;
import io.axoniq.axonserver.connector.AxonServerConnectionFactory;
import io.axoniq.axonserver.connector.impl.ServerAddress;

import java.util.ArrayList;
import java.util.List;

/** Stock Axon Server connector clients for a test, all shut down together. */
public final class Connectors implements AutoCloseable {

    private final int grpcPort;
    private final List<AxonServerConnectionFactory> factories = new ArrayList<>();

    public Connectors(int grpcPort) {
        this.grpcPort = grpcPort;
    }

    /** A connection to the default context, as an application with the given name and id would open it. */
    public AxonServerConnection connect(String componentName, String clientId) {
        AxonServerConnectionFactory factory = AxonServerConnectionFactory.forClient(componentName, clientId)
                .routingServers(new ServerAddress("localhost", grpcPort))
                .clientTag("team", "routing")
                .build();
        factories.add(factory);
        return factory.connect("default");
    }

    @Override
    public void close() {
        factories.forEach(AxonServerConnectionFactory::shutdown);
    }
}
