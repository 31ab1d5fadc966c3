package org.orderplatform.axonserver;

import io.axoniq.axonserver.connector.AxonServerConnectionFactory;
import io.axoniq.axonserver.connector.event.AppendEventsTransaction;
import io.axoniq.axonserver.connector.event.EventChannel;
import io.axoniq.axonserver.connector.impl.ServerAddress;
import org.axonframework.axonserver.connector.AxonServerConnectionManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.orderplatform.axonserver.platform.ClientRegistry;
import org.orderplatform.axonserver.platform.ConnectedApplication;
import org.orderplatform.axonserver.support.TestEvents;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.data.mongo.MongoDataAutoConfiguration;
import org.springframework.boot.autoconfigure.mongo.MongoAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The server embedded the way a service's integration test embeds it: the test classpath carries the Axon Spring Boot
 * starter, Spring Data MongoDB and an {@code application.yml} of its own, none of which may reach the server.
 */
class EmbeddedAxonServerIT {

    @TempDir
    Path dataDir;

    @Test
    void activatesNoAutoConfigurationOfTheHostClasspathAndIgnoresItsApplicationYml() {
        try (EmbeddedAxonServer server = EmbeddedAxonServer.start(dataDir)) {
            String[] beanTypes = Arrays.stream(server.context().getBeanDefinitionNames())
                    .map(name -> server.context().getBeanFactory().getType(name))
                    .filter(type -> type != null)
                    .map(Class::getName)
                    .toArray(String[]::new);

            assertThat(beanTypes)
                    .isNotEmpty()
                    .noneMatch(type -> type.startsWith("org.axonframework"))
                    .noneMatch(type -> type.startsWith("com.mongodb") || type.contains(".mongo"));
            AxonServerProperties properties = server.bean(AxonServerProperties.class);
            assertThat(properties.name()).isEqualTo("axonserver");
            assertThat(properties.contexts()).containsExactly("default");
            assertThat(server.httpPort()).isNotEqualTo(1);
            assertThat(server.servers()).isEqualTo("localhost:" + server.grpcPort());
        }
    }

    @Test
    void aSpringBootServiceInTheSameJvmConnectsWithItsOwnConfiguration() {
        try (EmbeddedAxonServer server = EmbeddedAxonServer.start(dataDir);
             ConfigurableApplicationContext service = new SpringApplicationBuilder(HostService.class)
                     .web(WebApplicationType.NONE)
                     .run("--axon.axonserver.servers=" + server.servers(),
                             "--axon.axonserver.client-id=host-service-1")) {

            assertThat(service.getBean(AxonServerConnectionManager.class)).isNotNull();
            assertThat(service.getEnvironment().getProperty("management.metrics.tags.application")).isNull();
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                    assertThat(server.bean(ClientRegistry.class).applications())
                            .extracting(ConnectedApplication::componentName)
                            .contains("host-service"));
        }
    }

    @Test
    void restartsOnTheSameDataDirectoryAndPorts() throws Exception {
        int grpcPort;
        int httpPort;
        try (EmbeddedAxonServer first = EmbeddedAxonServer.start(dataDir)) {
            grpcPort = first.grpcPort();
            httpPort = first.httpPort();
            AxonServerConnectionFactory client = connect(first);
            try {
                AppendEventsTransaction transaction = events(client).startAppendEventsTransaction();
                transaction.appendEvent(TestEvents.domainEvent("order-1", 0));
                transaction.commit().get(10, TimeUnit.SECONDS);
            } finally {
                client.shutdown();
            }
        }

        try (EmbeddedAxonServer second = EmbeddedAxonServer.start(dataDir, grpcPort, httpPort)) {
            assertThat(second.grpcPort()).isEqualTo(grpcPort);
            assertThat(second.httpPort()).isEqualTo(httpPort);
            AxonServerConnectionFactory client = connect(second);
            try {
                assertThat(events(client).findHighestSequence("order-1").get(10, TimeUnit.SECONDS)).isZero();
            } finally {
                client.shutdown();
            }
        }
    }

    private static AxonServerConnectionFactory connect(EmbeddedAxonServer server) {
        return AxonServerConnectionFactory.forClient("restart-it")
                .routingServers(new ServerAddress("localhost", server.grpcPort()))
                .build();
    }

    private static EventChannel events(AxonServerConnectionFactory client) {
        return client.connect("default").eventChannel();
    }

    /** A service as the platform's services are: Spring Boot auto-configuration over its whole classpath. */
    @SpringBootConfiguration
    @EnableAutoConfiguration(exclude = {MongoAutoConfiguration.class, MongoDataAutoConfiguration.class})
    static class HostService {
    }
}
