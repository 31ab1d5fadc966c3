package org.orderplatform.axonserver.platform;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import org.axonframework.config.Configuration;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.extensions.mongo.DefaultMongoTemplate;
import org.axonframework.extensions.mongo.eventsourcing.tokenstore.MongoTokenStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.orderplatform.axonserver.support.AxonApp;
import org.orderplatform.axonserver.support.ServerPerClass;
import org.orderplatform.infra.EmbeddedMongo;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two real Axon applications running one pooled processor with their tokens in one MongoDB, each under its own node
 * id, as two instances of a service do: the first to start claims both segments, and the server moves one to the
 * second once it is there.
 */
class SegmentBalancingIT {

    private static final String PROCESSOR = "balanced-view";
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @RegisterExtension
    static final ServerPerClass SERVER = new ServerPerClass(Map.of("axonserver.segment-balancing.interval", "1s"));

    private static EmbeddedMongo mongo;
    private static MongoClient client;

    @BeforeAll
    static void startMongo() {
        mongo = EmbeddedMongo.start();
        client = MongoClients.create(mongo.connectionString());
    }

    @AfterAll
    static void stopMongo() {
        client.close();
        mongo.close();
    }

    @Test
    void aSecondInstanceGetsOneOfTheFirstInstancesTwoSegmentsAndTheSurvivorTakesBothBack() {
        try (AxonApp first = instance("view-1")) {
            await().atMost(PATIENCE).until(() -> processor(first).processingStatus().size() == 2);

            try (AxonApp second = instance("view-2")) {
                await().atMost(PATIENCE).untilAsserted(() -> {
                    assertThat(processor(first).processingStatus()).hasSize(1);
                    assertThat(processor(second).processingStatus()).hasSize(1);
                });
                assertThat(processor(first).processingStatus().keySet())
                        .doesNotContainAnyElementsOf(processor(second).processingStatus().keySet());
                assertThat(SERVER.get().bean(ClientRegistry.class).instructions())
                        .filteredOn(instruction -> instruction.type().equals("RELEASE_SEGMENT"))
                        .singleElement()
                        .satisfies(release -> {
                            assertThat(release.client().clientId()).isEqualTo("view-1");
                            assertThat(release.state()).isEqualTo(InstructionStatus.State.SUCCEEDED);
                        });
            }

            await().atMost(PATIENCE).until(() -> processor(first).processingStatus().size() == 2);
        }
    }

    private AxonApp instance(String clientId) {
        return AxonApp.builder(SERVER.get().servers(), "view", clientId)
                .handlers(new View())
                .configure(configurer -> configurer
                        .registerComponent(TokenStore.class, c -> MongoTokenStore.builder()
                                .mongoTemplate(DefaultMongoTemplate.builder().mongoDatabase(client, "view").build())
                                .serializer(c.serializer())
                                .nodeId(clientId)
                                .build())
                        .eventProcessing(processing -> processing.registerPooledStreamingEventProcessor(PROCESSOR,
                                Configuration::eventStore, (c, builder) -> builder
                                        .initialSegmentCount(2)
                                        .tokenClaimInterval(200))))
                .start();
    }

    private static StreamingEventProcessor processor(AxonApp app) {
        return app.configuration().eventProcessingConfiguration()
                .eventProcessor(PROCESSOR, StreamingEventProcessor.class).orElseThrow();
    }

    @ProcessingGroup(PROCESSOR)
    static final class View {

        @EventHandler
        void on(String event) {
            // Claims are what this test is about; the events are none.
        }
    }
}
