package org.orderplatform.axonserver.eventstore;

import io.grpc.StatusRuntimeException;
import org.axonframework.axonserver.connector.AxonServerConfiguration;
import org.axonframework.axonserver.connector.AxonServerConnectionManager;
import org.axonframework.axonserver.connector.event.axon.AxonServerEventStore;
import org.axonframework.axonserver.connector.event.util.GrpcExceptionParser;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.snapshotting.SnapshotFilter;
import org.axonframework.modelling.command.ConcurrencyException;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.orderplatform.axonserver.EmbeddedAxonServer;
import org.orderplatform.axonserver.support.ServerPerClass;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Axon Framework's own {@link AxonServerEventStore}, as an application uses it, against the running server. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AxonFrameworkEventStoreIT {

    @RegisterExtension
    static final ServerPerClass SERVER = new ServerPerClass();
    private EmbeddedAxonServer server;

    private AxonServerConnectionManager connectionManager;
    private AxonServerEventStore eventStore;

    @BeforeAll
    void connect() {
        server = SERVER.get();
        AxonServerConfiguration configuration = AxonServerConfiguration.builder()
                .servers(server.servers())
                .componentName("framework-it")
                .build();
        connectionManager = AxonServerConnectionManager.builder().axonServerConfiguration(configuration).build();
        connectionManager.start();
        JacksonSerializer serializer = JacksonSerializer.defaultSerializer();
        eventStore = AxonServerEventStore.builder()
                .configuration(configuration)
                .platformConnectionManager(connectionManager)
                .eventSerializer(serializer)
                .snapshotSerializer(serializer)
                .snapshotFilter(SnapshotFilter.allowAll())
                .build();
    }

    @AfterAll
    void disconnect() {
        connectionManager.shutdown();
    }

    private static GenericDomainEventMessage<String> event(String aggregateId, long sequence) {
        return new GenericDomainEventMessage<>("Order", aggregateId, sequence, "event " + sequence);
    }

    @Test
    void publishesSourcesAndStreamsAsAgainstAxonIqServer() throws Exception {
        String aggregateId = UUID.randomUUID().toString();
        TrackingToken headBefore = eventStore.createHeadToken();

        eventStore.publish(event(aggregateId, 0), event(aggregateId, 1));
        eventStore.storeSnapshot(event(aggregateId, 1));

        assertThat(eventStore.lastSequenceNumberFor(aggregateId)).contains(1L);
        assertThat(eventStore.lastSequenceNumberFor("unknown")).isEmpty();
        DomainEventStream sourced = eventStore.readEvents(aggregateId, 0);
        List<Object> payloads = new ArrayList<>();
        sourced.forEachRemaining(message -> payloads.add(message.getPayload()));
        assertThat(payloads).containsExactly("event 0", "event 1");

        TrackingToken head = eventStore.createHeadToken();
        assertThat(head).isEqualTo(new GlobalSequenceTrackingToken(
                headBefore == null ? 1 : ((GlobalSequenceTrackingToken) headBefore).getGlobalIndex() + 2));
        assertThat(eventStore.createTailToken()).isNull();
        assertThat(eventStore.createTokenAt(Instant.now().plusSeconds(3600))).isEqualTo(head);

        try (BlockingStream<TrackedEventMessage<?>> fromHead = eventStore.openStream(head)) {
            eventStore.publish(GenericEventMessage.asEventMessage("after head"));
            assertThat(fromHead.hasNextAvailable(5, TimeUnit.SECONDS)).isTrue();
            TrackedEventMessage<?> next = fromHead.nextAvailable();
            assertThat(next.getPayload()).isEqualTo("after head");
            assertThat(next.trackingToken()).isEqualTo(new GlobalSequenceTrackingToken(
                    ((GlobalSequenceTrackingToken) head).getGlobalIndex() + 1));
        }
        try (BlockingStream<TrackedEventMessage<?>> fromTail = eventStore.openStream(null)) {
            assertThat(fromTail.hasNextAvailable(5, TimeUnit.SECONDS)).isTrue();
            assertThat(fromTail.nextAvailable().trackingToken()).isEqualTo(new GlobalSequenceTrackingToken(0));
        }
    }

    /** Outside a unit of work the framework passes the gRPC error on; its parser makes it a concurrency failure. */
    @Test
    void reportsAConflictingAppendAsTheFrameworkExpects() {
        String aggregateId = UUID.randomUUID().toString();
        eventStore.publish(event(aggregateId, 0));

        assertThatThrownBy(() -> eventStore.publish(event(aggregateId, 0)))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getDescription()).isEqualTo("[AXONIQ-2000] Invalid sequence number 0 "
                            + "for aggregate " + aggregateId + ", expected 1");
                    assertThat(GrpcExceptionParser.parse(e)).isInstanceOf(ConcurrencyException.class);
                });
        assertThat(eventStore.lastSequenceNumberFor(aggregateId)).contains(0L);
    }
}
