package org.orderplatform.axonserver.compat;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.axonframework.axonserver.connector.AxonServerConfiguration;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.AggregateConfigurer;
import org.axonframework.config.Configuration;
import org.axonframework.config.Configurer;
import org.axonframework.config.DefaultConfigurer;
import org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.queryhandling.QueryGateway;
import org.axonframework.serialization.json.JacksonSerializer;
import org.orderplatform.axonserver.compat.Bank.InstanceName;

import java.util.function.Consumer;

/**
 * A real Axon Framework application connected to the server under test through the stock Axon Server connector,
 * configured the way the suite's services are: Jackson everywhere, one context.
 */
final class AxonApp implements AutoCloseable {

    static final int SNAPSHOT_THRESHOLD = 5;

    private final Configuration configuration;

    private AxonApp(Configuration configuration) {
        this.configuration = configuration;
    }

    static AxonApp start(String componentName, String instance, int grpcPort, Consumer<Configurer> customization) {
        ObjectMapper mapper = new ObjectMapper().findAndRegisterModules()
                .setVisibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.ANY);
        JacksonSerializer serializer = JacksonSerializer.builder().objectMapper(mapper).build();
        Configurer configurer = DefaultConfigurer.defaultConfiguration()
                .configureSerializer(c -> serializer)
                .configureMessageSerializer(c -> serializer)
                .configureEventSerializer(c -> serializer)
                .registerComponent(InstanceName.class, c -> new InstanceName(instance))
                .registerComponent(AxonServerConfiguration.class, c -> AxonServerConfiguration.builder()
                        .servers("localhost:" + grpcPort)
                        .componentName(componentName)
                        .clientId(instance)
                        .build());
        customization.accept(configurer);
        return new AxonApp(configurer.start());
    }

    /** Hosts the {@link Account} aggregate, snapshotting it every {@value #SNAPSHOT_THRESHOLD} events. */
    static Consumer<Configurer> accounts() {
        return configurer -> configurer.configureAggregate(
                AggregateConfigurer.defaultConfiguration(Account.class)
                        .configureSnapshotTrigger(c -> new EventCountSnapshotTriggerDefinition(c.snapshotter(), SNAPSHOT_THRESHOLD)));
    }

    CommandGateway commands() {
        return configuration.commandGateway();
    }

    QueryGateway queries() {
        return configuration.queryGateway();
    }

    EventStore eventStore() {
        return configuration.eventStore();
    }

    Configuration configuration() {
        return configuration;
    }

    @Override
    public void close() {
        configuration.shutdown();
    }
}
