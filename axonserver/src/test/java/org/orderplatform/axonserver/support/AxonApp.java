package org.orderplatform.axonserver.support;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.axonframework.axonserver.connector.AxonServerConfiguration;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.Configuration;
import org.axonframework.config.Configurer;
import org.axonframework.config.DefaultConfigurer;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.axonframework.messaging.interceptors.CorrelationDataInterceptor;
import org.axonframework.queryhandling.QueryGateway;
import org.axonframework.queryhandling.QueryUpdateEmitter;
import org.axonframework.serialization.json.JacksonSerializer;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A real Axon Framework 4 application connected to the server under test through the stock Axon Server connector,
 * configured the way the platform's services are: Jackson everywhere, heartbeats on, correlation data on events.
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

    /** An application instance to be connected to the server at {@code servers} ({@code host:port}). */
    public static Builder builder(String servers, String componentName, String clientId) {
        return new Builder(servers, componentName, clientId);
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

    public EventStore eventStore() {
        return configuration.eventStore();
    }

    public Configuration configuration() {
        return configuration;
    }

    @Override
    public void close() {
        configuration.shutdown();
    }

    public static final class Builder {

        private final String servers;
        private final String componentName;
        private final String clientId;
        private final List<Object> handlers = new ArrayList<>();
        private final List<Consumer<Configurer>> customizations = new ArrayList<>();
        private String token;
        private boolean eventsInMemory;

        private Builder(String servers, String componentName, String clientId) {
            this.servers = servers;
            this.componentName = componentName;
            this.clientId = clientId;
        }

        /** Annotated command, query and event handlers. */
        public Builder handlers(Object... handlers) {
            this.handlers.addAll(List.of(handlers));
            return this;
        }

        /** Anything else: aggregates, event processors, components. */
        public Builder configure(Consumer<Configurer> customization) {
            customizations.add(customization);
            return this;
        }

        public Builder token(String token) {
            this.token = token;
            return this;
        }

        /** Keeps events in the application's memory, for tests about routing only. */
        public Builder eventsInMemory() {
            eventsInMemory = true;
            return this;
        }

        public AxonApp start() {
            AxonServerConfiguration server = AxonServerConfiguration.builder()
                    .servers(servers)
                    .componentName(componentName)
                    .clientId(clientId)
                    .context("default")
                    .token(token)
                    .suppressDownloadMessage()
                    .build();
            server.getHeartbeat().setEnabled(true);
            server.getHeartbeat().setInterval(500);
            server.getHeartbeat().setTimeout(2000);
            ObjectMapper mapper = new ObjectMapper().findAndRegisterModules()
                    .setVisibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.ANY);
            JacksonSerializer serializer = JacksonSerializer.builder().objectMapper(mapper).build();
            Configurer configurer = DefaultConfigurer.defaultConfiguration()
                    .registerComponent(AxonServerConfiguration.class, c -> server)
                    .configureSerializer(c -> serializer)
                    .configureMessageSerializer(c -> serializer)
                    .configureEventSerializer(c -> serializer);
            if (eventsInMemory) {
                configurer.configureEmbeddedEventStore(c -> new InMemoryEventStorageEngine());
            }
            for (Object handler : handlers) {
                configurer.registerMessageHandler(c -> handler);
            }
            customizations.forEach(customization -> customization.accept(configurer));
            Configuration started = configurer.start();
            // Spring Boot's Axon auto-configuration puts this on the command bus, so events applied while handling
            // a command carry its correlationId and traceId; the plain Configurer leaves it out.
            started.commandBus().registerHandlerInterceptor(
                    new CorrelationDataInterceptor<>(started.correlationDataProviders()));
            return new AxonApp(started);
        }
    }
}
