package org.orderplatform.axonserver.eventstore;

import io.axoniq.axonserver.connector.AxonServerConnectionFactory;
import io.axoniq.axonserver.connector.event.AggregateEventStream;
import io.axoniq.axonserver.connector.event.AppendEventsTransaction;
import io.axoniq.axonserver.connector.event.EventChannel;
import io.axoniq.axonserver.connector.event.EventStream;
import io.axoniq.axonserver.connector.impl.ServerAddress;
import io.axoniq.axonserver.grpc.event.Event;
import io.axoniq.axonserver.grpc.event.EventWithToken;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.orderplatform.axonserver.support.ServerProcess;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.orderplatform.axonserver.support.TestEvents.domainEvent;

/**
 * Kills the server with SIGKILL while several clients append, restarts it on the same data, and checks that every
 * acknowledged transaction survived whole, none survived in part, and tokens and aggregate sequences are dense; and
 * that a second server started on the data of a running one stops at once, while the first keeps every transaction.
 */
class EventStoreCrashIT {

    private static final int WRITERS = 6;
    private static final int EVENTS_PER_TRANSACTION = 10;
    private static final int AGGREGATES_PER_WRITER = 4;

    @TempDir
    Path directory;

    @Test
    void keepsEveryAcknowledgedTransactionAcrossKillNine() throws Exception {
        Path data = directory.resolve("data");
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        ServerProcess server = ServerProcess.start(data, directory.resolve("first.log"));
        AxonServerConnectionFactory firstClient = connect(server);
        AtomicBoolean running = new AtomicBoolean(true);
        List<Thread> writers = new ArrayList<>();
        try {
            writers.addAll(startWriters(firstClient.connect("default").eventChannel(), running, acknowledged));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (acknowledged.size() < 400 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            server.kill();
        } finally {
            running.set(false);
            for (Thread writer : writers) {
                writer.join(TimeUnit.SECONDS.toMillis(30));
            }
            firstClient.shutdown();
            server.kill();
        }
        assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(400);
        // A crash leaves at most a torn, unacknowledged tail past the forced position: nothing damaged below it.
        ServerProcess.CommandResult verified = ServerProcess.runStoreCommand("verify", data);
        assertThat(verified.exitStatus()).as(verified.output()).isZero();
        assertThat(verified.output()).contains("Every segment in").doesNotContain("DAMAGED");

        try (ServerProcess restarted = ServerProcess.start(data, directory.resolve("second.log"))) {
            AxonServerConnectionFactory secondClient = connect(restarted);
            try {
                verify(secondClient.connect("default").eventChannel(), acknowledged);
            } finally {
                secondClient.shutdown();
            }
        }
    }

    @Test
    void aSecondServerOnTheSameDataFailsAtOnceTouchingNothingWhileTheFirstKeepsWriting() throws Exception {
        Path data = directory.resolve("data");
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        try (ServerProcess first = ServerProcess.start(data, directory.resolve("first.log"))) {
            AxonServerConnectionFactory client = connect(first);
            AtomicBoolean running = new AtomicBoolean(true);
            List<Thread> writers = startWriters(client.connect("default").eventChannel(), running, acknowledged);
            try {
                await().atMost(Duration.ofSeconds(30)).until(() -> acknowledged.size() >= 100);

                assertThatThrownBy(() -> ServerProcess.start(data, directory.resolve("second.log")))
                        .isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("is in use by another Axon server (pid ")
                        .hasMessageContaining("nothing was opened or changed");
                ServerProcess.CommandResult salvage = ServerProcess.runStoreCommand("salvage", data);
                assertThat(salvage.exitStatus()).as(salvage.output()).isEqualTo(2);
                assertThat(salvage.output()).contains("is in use by another Axon server");

                int seen = acknowledged.size();
                await().atMost(Duration.ofSeconds(30)).until(() -> acknowledged.size() >= seen + 100);
            } finally {
                running.set(false);
                for (Thread writer : writers) {
                    writer.join(TimeUnit.SECONDS.toMillis(30));
                }
            }
            try {
                verify(client.connect("default").eventChannel(), acknowledged);
            } finally {
                client.shutdown();
            }
        }
    }

    private static List<Thread> startWriters(EventChannel channel, AtomicBoolean running, Set<String> acknowledged) {
        List<Thread> writers = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
            int writer = w;
            Thread thread = new Thread(() -> appendUntilFailure(channel, writer, running, acknowledged));
            thread.start();
            writers.add(thread);
        }
        return writers;
    }

    private static AxonServerConnectionFactory connect(ServerProcess server) {
        return AxonServerConnectionFactory.forClient("crash-it")
                .routingServers(new ServerAddress("localhost", server.grpcPort()))
                .build();
    }

    /** Appends 10-event transactions round-robin over its own aggregates until the server goes away. */
    private static void appendUntilFailure(EventChannel channel, int writer, AtomicBoolean running,
                                           Set<String> acknowledged) {
        long[] nextSequence = new long[AGGREGATES_PER_WRITER];
        for (int n = 0; running.get(); n++) {
            int aggregate = n % AGGREGATES_PER_WRITER;
            String aggregateId = "writer-" + writer + "-aggregate-" + aggregate;
            String transactionId = aggregateId + "@" + nextSequence[aggregate];
            AppendEventsTransaction transaction = channel.startAppendEventsTransaction();
            for (int i = 0; i < EVENTS_PER_TRANSACTION; i++) {
                transaction.appendEvent(domainEvent(aggregateId, nextSequence[aggregate] + i).toBuilder()
                        .setMessageIdentifier(transactionId + "#" + i)
                        .build());
            }
            try {
                if (!transaction.commit().get(10, TimeUnit.SECONDS).getSuccess()) {
                    return;
                }
            } catch (Exception serverGone) {
                return;
            }
            acknowledged.add(transactionId);
            nextSequence[aggregate] += EVENTS_PER_TRANSACTION;
        }
    }

    private static void verify(EventChannel channel, Set<String> acknowledged) throws Exception {
        long last = channel.getLastToken().get(10, TimeUnit.SECONDS);
        Map<String, List<Long>> tokensByTransaction = new HashMap<>();
        Map<String, List<Event>> eventsByAggregate = new TreeMap<>();
        EventStream stream = channel.openStream(-1, 1000);
        try {
            for (long expected = 0; expected <= last; expected++) {
                EventWithToken next = stream.nextIfAvailable(10, TimeUnit.SECONDS);
                assertThat(next).as("event with token %d of %d", expected, last).isNotNull();
                assertThat(next.getToken()).isEqualTo(expected);
                Event event = next.getEvent();
                String transactionId = event.getMessageIdentifier().substring(0,
                        event.getMessageIdentifier().indexOf('#'));
                tokensByTransaction.computeIfAbsent(transactionId, id -> new ArrayList<>()).add(next.getToken());
                eventsByAggregate.computeIfAbsent(event.getAggregateIdentifier(), id -> new ArrayList<>()).add(event);
            }
        } finally {
            stream.close();
        }

        assertThat(tokensByTransaction.keySet()).containsAll(acknowledged);
        tokensByTransaction.forEach((transactionId, tokens) -> {
            assertThat(tokens).as("transaction %s", transactionId).hasSize(EVENTS_PER_TRANSACTION);
            assertThat(tokens.get(EVENTS_PER_TRANSACTION - 1) - tokens.get(0)).isEqualTo(EVENTS_PER_TRANSACTION - 1);
        });
        for (Map.Entry<String, List<Event>> aggregate : eventsByAggregate.entrySet()) {
            List<Event> inLogOrder = aggregate.getValue();
            for (int i = 0; i < inLogOrder.size(); i++) {
                assertThat(inLogOrder.get(i).getAggregateSequenceNumber()).isEqualTo(i);
            }
            assertThat(channel.findHighestSequence(aggregate.getKey()).get(10, TimeUnit.SECONDS))
                    .isEqualTo(inLogOrder.size() - 1L);
            AggregateEventStream fromIndex = channel.openAggregateStream(aggregate.getKey(), false);
            List<Event> read = new ArrayList<>();
            while (fromIndex.hasNext()) {
                read.add(fromIndex.next());
            }
            assertThat(read).isEqualTo(inLogOrder);
        }
    }
}
