package org.orderplatform.axonserver.store;

import io.axoniq.axonserver.grpc.event.Event;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.orderplatform.axonserver.AxonServerProperties;
import org.orderplatform.axonserver.grpc.ErrorCode;
import org.springframework.util.unit.DataSize;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.orderplatform.axonserver.support.TestEvents.domainEvent;
import static org.orderplatform.axonserver.support.TestEvents.plainEvent;
import static org.orderplatform.axonserver.support.TestEvents.snapshot;
import static org.orderplatform.axonserver.support.TestEvents.transaction;

class EventStorageTest {

    private static final DataSize NO_FLOOR = DataSize.ofBytes(0);

    @TempDir
    Path directory;
    private final MeterRegistry registry = new SimpleMeterRegistry();
    private EventStorage storage;

    @BeforeEach
    void open() throws IOException {
        storage = EventStorage.open("default", directory, registry, NO_FLOOR);
    }

    @AfterEach
    void close() throws IOException {
        storage.close();
    }

    private void reopen() throws IOException {
        storage.close();
        storage = EventStorage.open("default", directory, registry, NO_FLOOR);
    }

    private void append(List<Event> events) {
        storage.appendEvents(events).join();
    }

    private static StatusRuntimeException failure(CompletableFuture<?> future) {
        Throwable cause = assertThatThrownBy(future::join).isInstanceOf(Exception.class).actual().getCause();
        assertThat(cause).isInstanceOf(StatusRuntimeException.class);
        return (StatusRuntimeException) cause;
    }

    private List<Event> aggregate(String aggregateId) {
        List<Event> events = new ArrayList<>();
        storage.readAggregate(aggregateId, 0, Long.MAX_VALUE, false).forEachRemaining(events::add);
        return events;
    }

    @Test
    void aFaultOfTheCommitterRefusesFurtherWritesAtOnceAndARestartKeepsWhatWasAcknowledged() throws IOException {
        // An append listener runs on the committer thread once the batch is acknowledged.
        storage.onAppend(() -> {
            throw new OutOfMemoryError("injected into an append listener");
        });
        append(transaction("order-1", 0, 2));
        await().atMost(Duration.ofSeconds(10)).until(() -> !storage.writable());

        StatusRuntimeException refused = failure(storage.appendEvents(transaction("order-2", 0, 1)));
        assertThat(refused.getMessage()).contains("injected into an append listener");
        assertThat(registry.get("axonserver.store.writable").gauge().value()).isZero();

        reopen();
        assertThat(storage.writable()).isTrue();
        assertThat(aggregate("order-1")).hasSize(2);
        append(transaction("order-2", 0, 1));
        assertThat(aggregate("order-2")).hasSize(1);
    }

    @Test
    void refusesAppendsWhileTheDiskHasLessFreeThanItsFloorAndTakesThemOnceThereIs() throws IOException {
        append(transaction("order-1", 0, 1));
        storage.close();
        long free = Files.getFileStore(directory).getUsableSpace();
        storage = EventStorage.open("default", directory, registry, DataSize.ofBytes(free + DataSize.ofGigabytes(1)
                .toBytes()));

        StatusRuntimeException refused = failure(storage.appendEvents(transaction("order-1", 1, 1)));

        assertThat(refused.getMessage()).contains("refuses appends", "MB free", "axonserver.min-free-space");
        assertThat(storage.writable()).isTrue();
        assertThat(aggregate("order-1")).hasSize(1);
        storage.close();
        storage = EventStorage.open("default", directory, registry, DataSize.ofMegabytes(1));
        append(transaction("order-1", 1, 1));
        assertThat(aggregate("order-1")).hasSize(2);
    }

    @Test
    void aSecondStoreOnTheSameDataDirectoryIsRefusedAndTheFirstKeepsWriting() throws IOException {
        Path dataDir = directory.resolve("data");
        AxonServerProperties settings = new AxonServerProperties(0, "127.0.0.1", dataDir, Set.of("default"), null,
                "axonserver", 10, Duration.ofMinutes(5), Duration.ofMinutes(5), Duration.ofSeconds(5),
                Duration.ofSeconds(10), Duration.ofSeconds(5), NO_FLOOR);
        EventStorages first = new EventStorages(settings, new SimpleMeterRegistry());
        try {
            first.forContext("default").appendEvents(transaction("order-1", 0, 2)).join();

            assertThatThrownBy(() -> new EventStorages(settings, new SimpleMeterRegistry()))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("is in use by another Axon server (pid " + ProcessHandle.current().pid())
                    .hasMessageContaining("nothing was opened or changed");

            first.forContext("default").appendEvents(transaction("order-1", 2, 1)).join();
            assertThat(first.forContext("default").lastToken()).isEqualTo(2);
        } finally {
            first.destroy();
        }
        EventStorages next = new EventStorages(settings, new SimpleMeterRegistry());
        try {
            assertThat(next.forContext("default").lastToken()).isEqualTo(2);
        } finally {
            next.destroy();
        }
    }

    @Test
    void appendsTransactionsWithDenseTokensReadInOrder() {
        assertThat(storage.lastToken()).isEqualTo(-1);
        List<Event> first = transaction("order-1", 0, 3);
        List<Event> second = List.of(domainEvent("order-2", 0), plainEvent("Tick", 5), domainEvent("order-1", 3));
        append(first);
        append(second);

        List<StoredEvent> all = storage.readForward(0, 100);
        assertThat(all).extracting(StoredEvent::token).containsExactly(0L, 1L, 2L, 3L, 4L, 5L);
        List<Event> expected = new ArrayList<>(first);
        expected.addAll(second);
        assertThat(all).extracting(StoredEvent::event).containsExactlyElementsOf(expected);
        assertThat(storage.lastToken()).isEqualTo(5);
        assertThat(storage.eventCount()).isEqualTo(6);
        assertThat(storage.highestSequence("order-1")).isEqualTo(3);
        assertThat(storage.highestSequence("order-2")).isZero();
        assertThat(storage.highestSequence("unknown")).isEqualTo(-1);
        assertThat(aggregate("order-1")).extracting(Event::getAggregateSequenceNumber).containsExactly(0L, 1L, 2L, 3L);
        assertThat(aggregate("unknown")).isEmpty();
    }

    @Test
    void readsAggregateRangesInclusive() {
        append(transaction("order-1", 0, 10));
        List<Event> range = new ArrayList<>();
        storage.readAggregate("order-1", 3, 5, false).forEachRemaining(range::add);
        assertThat(range).extracting(Event::getAggregateSequenceNumber).containsExactly(3L, 4L, 5L);
    }

    @Test
    void rejectsSequenceGapsWithAxonIqMessageAndStoresNothingOfTheTransaction() {
        append(transaction("order-1", 0, 2));

        StatusRuntimeException gap = failure(storage.appendEvents(
                List.of(domainEvent("order-2", 0), domainEvent("order-1", 3))));
        assertThat(gap.getStatus().getCode()).isEqualTo(Status.Code.OUT_OF_RANGE);
        assertThat(gap.getStatus().getDescription())
                .isEqualTo("[AXONIQ-2000] Invalid sequence number 3 for aggregate order-1, expected 2");
        assertThat(gap.getTrailers().get(ErrorCode.TRAILER)).isEqualTo("AXONIQ-2000");

        StatusRuntimeException notFromZero = failure(storage.appendEvents(List.of(domainEvent("order-3", 1))));
        assertThat(notFromZero.getStatus().getDescription())
                .isEqualTo("[AXONIQ-2000] Invalid sequence number 1 for aggregate order-3, expected 0");

        StatusRuntimeException notConsecutive = failure(storage.appendEvents(
                List.of(domainEvent("order-1", 2), domainEvent("order-1", 4))));
        assertThat(notConsecutive.getStatus().getDescription())
                .isEqualTo("[AXONIQ-2000] Invalid sequence number 4 for aggregate order-1, expected 3");

        StatusRuntimeException duplicate = failure(storage.appendEvents(List.of(domainEvent("order-1", 1))));
        assertThat(duplicate.getStatus().getDescription()).endsWith("expected 2");

        assertThat(storage.lastToken()).isEqualTo(1);
        assertThat(storage.highestSequence("order-2")).isEqualTo(-1);
        append(List.of(domainEvent("order-1", 2)));
        assertThat(storage.lastToken()).isEqualTo(2);
    }

    @Test
    void rejectsMalformedEvents() {
        Event noIdentifier = domainEvent("order-1", 0).toBuilder().clearMessageIdentifier().build();
        StatusRuntimeException error = failure(storage.appendEvents(List.of(noIdentifier)));
        assertThat(error.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(storage.eventCount()).isZero();
    }

    @Test
    void eventsWithoutAggregateSkipSequenceValidation() {
        append(List.of(plainEvent("Tick", 1), plainEvent("Tick", 2)));
        append(List.of(plainEvent("Tick", 3)));
        assertThat(storage.eventCount()).isEqualTo(3);
    }

    @Test
    void concurrentAppendsToOneAggregateLetExactlyOneWin() throws Exception {
        int writers = 8;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<CompletableFuture<CompletableFuture<Void>>> attempts = new ArrayList<>();
            for (int i = 0; i < writers; i++) {
                attempts.add(CompletableFuture.supplyAsync(() -> {
                    awaitQuietly(start);
                    return storage.appendEvents(transaction("contended", 0, 3));
                }, pool));
            }
            start.countDown();
            int won = 0;
            int lost = 0;
            for (CompletableFuture<CompletableFuture<Void>> attempt : attempts) {
                try {
                    attempt.get(10, TimeUnit.SECONDS).get(10, TimeUnit.SECONDS);
                    won++;
                } catch (ExecutionException e) {
                    assertThat(((StatusRuntimeException) e.getCause()).getStatus().getCode())
                            .isEqualTo(Status.Code.OUT_OF_RANGE);
                    lost++;
                }
            }
            assertThat(won).isEqualTo(1);
            assertThat(lost).isEqualTo(writers - 1);
            assertThat(storage.eventCount()).isEqualTo(3);
            assertThat(aggregate("contended")).extracting(Event::getAggregateSequenceNumber).containsExactly(0L, 1L, 2L);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void racingWritersWhoRetryBuildOneDenseAggregate() throws Exception {
        int writers = 6;
        AtomicInteger conflicts = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            List<CompletableFuture<Void>> done = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                done.add(CompletableFuture.runAsync(() -> {
                    int appended = 0;
                    while (appended < 20) {
                        long next = storage.highestSequence("shared") + 1;
                        try {
                            storage.appendEvents(transaction("shared", next, 2)).join();
                            appended++;
                        } catch (RuntimeException e) {
                            conflicts.incrementAndGet();
                        }
                    }
                }, pool));
            }
            CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
        List<Event> events = aggregate("shared");
        assertThat(events).hasSize(writers * 20 * 2);
        for (int i = 0; i < events.size(); i++) {
            assertThat(events.get(i).getAggregateSequenceNumber()).isEqualTo(i);
        }
        assertThat(storage.readForward(0, Integer.MAX_VALUE)).hasSize(events.size());
    }

    @Test
    void storesSnapshotsAndStartsAggregateReadsFromTheLatest() {
        append(transaction("order-1", 0, 10));
        storage.appendSnapshot(snapshot("order-1", 4)).join();
        storage.appendSnapshot(snapshot("order-1", 7)).join();

        List<Event> withSnapshot = new ArrayList<>();
        storage.readAggregate("order-1", 0, Long.MAX_VALUE, true).forEachRemaining(withSnapshot::add);
        assertThat(withSnapshot).extracting(Event::getAggregateSequenceNumber).containsExactly(7L, 8L, 9L);
        assertThat(withSnapshot.get(0).getSnapshot()).isTrue();
        assertThat(withSnapshot.get(0).getPayload().getType()).isEqualTo("Order");

        List<Event> bounded = new ArrayList<>();
        storage.readAggregate("order-1", 0, 6, true).forEachRemaining(bounded::add);
        assertThat(bounded).extracting(Event::getAggregateSequenceNumber).containsExactly(4L, 5L, 6L);

        assertThat(storage.readSnapshots("order-1", 0, Long.MAX_VALUE, 10))
                .extracting(Event::getAggregateSequenceNumber).containsExactly(7L, 4L);
        assertThat(storage.readSnapshots("order-1", 0, 6, 10))
                .extracting(Event::getAggregateSequenceNumber).containsExactly(4L);
        assertThat(storage.readSnapshots("order-1", 0, Long.MAX_VALUE, 1))
                .extracting(Event::getAggregateSequenceNumber).containsExactly(7L);
        assertThat(storage.readSnapshots("order-1", 5, Long.MAX_VALUE, 10))
                .extracting(Event::getAggregateSequenceNumber).containsExactly(7L);
        assertThat(storage.readSnapshots("unknown", 0, Long.MAX_VALUE, 10)).isEmpty();
        assertThat(storage.snapshotCount()).isEqualTo(2);
    }

    @Test
    void rejectsSnapshotsAheadOfTheEventsOrWithoutAggregate() {
        append(transaction("order-1", 0, 2));
        StatusRuntimeException ahead = failure(storage.appendSnapshot(snapshot("order-1", 2)));
        assertThat(ahead.getStatus().getCode()).isEqualTo(Status.Code.OUT_OF_RANGE);
        StatusRuntimeException anonymous = failure(storage.appendSnapshot(
                snapshot("order-1", 1).toBuilder().clearAggregateIdentifier().build()));
        assertThat(anonymous.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(storage.snapshotCount()).isZero();
    }

    @Test
    void keepsEverythingAcrossReopen() throws IOException {
        append(transaction("order-1", 0, 5));
        append(List.of(plainEvent("Tick", 10)));
        storage.appendSnapshot(snapshot("order-1", 3)).join();
        List<StoredEvent> before = storage.readForward(0, 100);

        reopen();

        assertThat(storage.readForward(0, 100)).isEqualTo(before);
        assertThat(storage.highestSequence("order-1")).isEqualTo(4);
        assertThat(storage.readSnapshots("order-1", 0, Long.MAX_VALUE, 5))
                .extracting(Event::getAggregateSequenceNumber).containsExactly(3L);
        assertThat(storage.payloadTypes()).containsExactly("Tick", "org.example.SomethingHappened");
        StatusRuntimeException stale = failure(storage.appendEvents(List.of(domainEvent("order-1", 4))));
        assertThat(stale.getStatus().getDescription()).endsWith("expected 5");
        append(List.of(domainEvent("order-1", 5)));
        assertThat(storage.lastToken()).isEqualTo(6);
    }

    @Test
    void dropsATransactionTornByACrashAndKeepsTheAcknowledgedOnes() throws IOException {
        append(transaction("order-1", 0, 3));
        append(transaction("order-2", 0, 2));
        storage.close();
        Path segment = onlySegment();
        long acknowledged = Files.size(segment);
        byte[] forcedBeforeTheThird = Files.readAllBytes(forcedPosition());
        storage = EventStorage.open("default", directory, registry, NO_FLOOR);
        append(transaction("order-1", 3, 4));
        storage.close();
        long withThird = Files.size(segment);
        // The crash came after part of the third was written, before it was forced and recorded as such.
        try (FileChannel channel = FileChannel.open(segment, StandardOpenOption.WRITE)) {
            channel.truncate(acknowledged + (withThird - acknowledged) / 2);
        }
        Files.write(forcedPosition(), forcedBeforeTheThird);

        storage = EventStorage.open("default", directory, registry, NO_FLOOR);

        assertThat(Files.size(segment)).isEqualTo(acknowledged);
        assertThat(segment.resolveSibling("quarantine").resolve(segment.getFileName() + "@" + acknowledged))
                .hasSize((withThird - acknowledged) / 2);
        assertThat(storage.readForward(0, 100)).extracting(StoredEvent::token).containsExactly(0L, 1L, 2L, 3L, 4L);
        assertThat(storage.highestSequence("order-1")).isEqualTo(2);
        append(transaction("order-1", 3, 2));
        assertThat(storage.readForward(0, 100)).extracting(StoredEvent::token)
                .containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L);
        assertThat(aggregate("order-1")).extracting(Event::getAggregateSequenceNumber)
                .containsExactly(0L, 1L, 2L, 3L, 4L);
    }

    @Test
    void dropsATailWithABadChecksum() throws IOException {
        append(transaction("order-1", 0, 2));
        storage.close();
        Path segment = onlySegment();
        long acknowledged = Files.size(segment);
        byte[] forcedBeforeTheSecond = Files.readAllBytes(forcedPosition());
        storage = EventStorage.open("default", directory, registry, NO_FLOOR);
        append(transaction("order-1", 2, 2));
        storage.close();
        Files.write(forcedPosition(), forcedBeforeTheSecond);
        try (FileChannel channel = FileChannel.open(segment, StandardOpenOption.WRITE)) {
            channel.write(java.nio.ByteBuffer.wrap(new byte[]{0x5a}), Files.size(segment) - 3);
        }

        storage = EventStorage.open("default", directory, registry, NO_FLOOR);

        assertThat(Files.size(segment)).isEqualTo(acknowledged);
        assertThat(storage.lastToken()).isEqualTo(1);
        assertThat(storage.highestSequence("order-1")).isEqualTo(1);
    }

    @Test
    void refusesToOpenOnDamageToAcknowledgedTransactionsNamingFileAndOffsetAndTouchesNothing() throws IOException {
        append(transaction("order-1", 0, 2));
        long secondStarts = Files.size(onlySegment());
        append(transaction("order-1", 2, 2));
        append(transaction("order-1", 4, 2));
        storage.close();
        Path segment = onlySegment();
        try (FileChannel channel = FileChannel.open(segment, StandardOpenOption.WRITE)) {
            channel.write(java.nio.ByteBuffer.wrap(new byte[]{0x5a}), secondStarts + 20);
        }
        byte[] damaged = Files.readAllBytes(segment);

        assertThatThrownBy(() -> EventStorage.open("default", directory, registry, NO_FLOOR))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(segment.toString())
                .hasMessageContaining("damaged at byte " + secondStarts)
                .hasMessageContaining("salvage");
        assertThat(Files.readAllBytes(segment)).isEqualTo(damaged);
        assertThat(segment.resolveSibling("quarantine")).doesNotExist();
    }

    @Test
    void aFullWriteQueueHoldsAppendsBackThenRefusesThemWhileTheQueuedOnesAreAllStored() throws Exception {
        storage.close();
        storage = EventStorage.open("default", directory, registry, 1024 * 1024, NO_FLOOR,
                new EventStorage.WriteQueueBound(8 * 1024, Duration.ofMillis(500)));
        CountDownLatch committerHeld = new CountDownLatch(1);
        CountDownLatch letGo = new CountDownLatch(1);
        // An append listener runs on the committer: holding it there stands for a disk that stopped answering.
        storage.onAppend(() -> {
            committerHeld.countDown();
            awaitQuietly(letGo);
        });
        append(transaction("order-0", 0, 1));
        assertThat(committerHeld.await(10, TimeUnit.SECONDS)).isTrue();

        // Of the 8 KiB that may wait, the held batch takes 1 and each of these 3: two fit, the third does not.
        List<CompletableFuture<Void>> queued = new ArrayList<>();
        for (int i = 1; i <= 2; i++) {
            queued.add(storage.appendEvents(List.of(largeEvent("order-" + i, 2000))));
        }
        ExecutorService client = Executors.newSingleThreadExecutor();
        try {
            CompletableFuture<CompletableFuture<Void>> heldBack =
                    CompletableFuture.supplyAsync(() -> storage.appendEvents(List.of(largeEvent("order-5", 2000))),
                            client);
            StatusRuntimeException refused = failure(heldBack.get(10, TimeUnit.SECONDS));
            assertThat(refused.getMessage()).contains("is behind").contains("nothing of this one was stored");
        } finally {
            client.shutdownNow();
        }

        letGo.countDown();
        CompletableFuture.allOf(queued.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
        assertThat(aggregate("order-2")).hasSize(1);
        assertThat(aggregate("order-5")).isEmpty();
        append(List.of(largeEvent("order-5", 2000)));
        assertThat(aggregate("order-5")).hasSize(1);
    }

    private static Event largeEvent(String aggregateId, int payloadBytes) {
        return domainEvent(aggregateId, 0).toBuilder().setPayload(io.axoniq.axonserver.grpc.SerializedObject.newBuilder()
                .setType("Large").setData(com.google.protobuf.ByteString.copyFrom(new byte[payloadBytes]))).build();
    }

    private Path forcedPosition() {
        return directory.resolve("events").resolve(ForcedPosition.FILE);
    }

    private Path onlySegment() throws IOException {
        try (Stream<Path> files = Files.list(directory.resolve("events"))) {
            List<Path> segments = files.filter(file -> file.toString().endsWith(".events")).toList();
            assertThat(segments).hasSize(1);
            return segments.get(0);
        }
    }

    @Test
    void rollsSegmentsAndReadsAcrossThem() throws IOException {
        storage.close();
        storage = EventStorage.open("default", directory, registry, 4096, NO_FLOOR);
        for (int i = 0; i < 100; i++) {
            append(transaction("order-" + (i % 7), i / 7 * 3, 3));
        }
        try (Stream<Path> files = Files.list(directory.resolve("events"))) {
            assertThat(files.count()).isGreaterThan(5);
        }
        storage.close();
        storage = EventStorage.open("default", directory, registry, 4096, NO_FLOOR);

        assertThat(storage.readForward(0, 1000)).extracting(StoredEvent::token)
                .containsExactlyElementsOf(Stream.iterate(0L, t -> t + 1).limit(300).toList());
        assertThat(storage.readForward(151, 3)).extracting(StoredEvent::token).containsExactly(151L, 152L, 153L);
        assertThat(storage.readBackward(Long.MAX_VALUE, 2)).extracting(StoredEvent::token).containsExactly(299L, 298L);
        assertThat(aggregate("order-3")).hasSize(14 * 3);
        assertThat(storage.storageSizeBytes()).isEqualTo(sizeOnDisk());
        append(transaction("order-0", 45, 1));
        assertThat(storage.lastToken()).isEqualTo(300);
    }

    @Test
    void aSegmentRollThatFailedIsTriedAgainCleanlyWithEveryAppendKept() throws IOException {
        storage.close();
        storage = EventStorage.open("default", directory, registry, 4096, NO_FLOOR);
        Path firstSegment = directory.resolve("events").resolve(String.format("%020d.events", 0));
        int appended = 0;
        while (Files.size(firstSegment) < 4096) {
            append(transaction("order-1", appended, 1));
            appended++;
        }
        // The file the next roll creates is in the way: written by someone else, it is refused, and kept.
        Path next = directory.resolve("events").resolve(String.format("%020d.events", appended));
        Files.writeString(next, "not a segment");

        StatusRuntimeException refused = failure(storage.appendEvents(transaction("order-1", appended, 1)));
        assertThat(refused.getMessage()).contains("cannot start segment", next.getFileName().toString());
        assertThat(Files.readString(next)).isEqualTo("not a segment");
        assertThat(storage.writable()).isTrue();

        // Left empty, as a roll that failed midway leaves it, it is made anew.
        Files.writeString(next, "");
        append(transaction("order-1", appended, 1));
        append(transaction("order-1", appended + 1, 1));
        reopen();
        assertThat(aggregate("order-1")).hasSize(appended + 2);
        assertThat(storage.lastToken()).isEqualTo(appended + 1);
    }

    private long sizeOnDisk() throws IOException {
        try (Stream<Path> files = Files.walk(directory)) {
            return files.filter(path -> path.toString().endsWith(".events") || path.toString().endsWith(".snapshots"))
                    .mapToLong(path -> path.toFile().length()).sum();
        }
    }

    @Test
    void cursorSeesNewEventsAsTheyAreCommitted() {
        append(transaction("order-1", 0, 2));
        EventStorage.EventCursor cursor = storage.openCursor(1);
        assertThat(cursor.next()).isTrue();
        assertThat(cursor.token()).isEqualTo(1);
        assertThat(cursor.next()).isFalse();
        EventStorage.EventCursor beyondHead = storage.openCursor(3);
        assertThat(beyondHead.next()).isFalse();

        append(transaction("order-1", 2, 2));

        assertThat(cursor.next()).isTrue();
        assertThat(cursor.token()).isEqualTo(2);
        assertThat(cursor.event().getAggregateSequenceNumber()).isEqualTo(2);
        assertThat(beyondHead.next()).isTrue();
        assertThat(beyondHead.token()).isEqualTo(3);
    }

    @Test
    void notifiesListenersAfterCommits() throws Exception {
        CountDownLatch notified = new CountDownLatch(1);
        try (AutoCloseable ignored = storage.onAppend(notified::countDown)) {
            assertThat(registry.get("axonserver.event.stream.readers").gauge().value()).isEqualTo(1);
            append(transaction("order-1", 0, 1));
            assertThat(notified.await(5, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(registry.get("axonserver.event.stream.readers").gauge().value()).isZero();
    }

    @Test
    void answersTokenLookupsAsAxonIqDoes() {
        assertThat(storage.firstToken()).isZero();
        assertThat(storage.lastToken()).isEqualTo(-1);
        assertThat(storage.tokenAt(1000)).isEqualTo(-1);

        append(List.of(plainEvent("Tick", 1000), plainEvent("Tick", 2000), plainEvent("Tick", 3000)));

        assertThat(storage.lastToken()).isEqualTo(2);
        assertThat(storage.tokenAt(500)).isZero();
        assertThat(storage.tokenAt(1000)).isZero();
        assertThat(storage.tokenAt(1500)).isEqualTo(1);
        assertThat(storage.tokenAt(3000)).isEqualTo(2);
        assertThat(storage.tokenAt(3001)).isEqualTo(3);
    }

    @Test
    void servesDashboardPages() {
        for (int i = 0; i < 30; i++) {
            append(List.of(domainEvent("order-" + (i % 3), i / 3, i % 2 == 0 ? "Even" : "Odd", 1000L + i)));
        }
        storage.appendSnapshot(snapshot("order-0", 2)).join();

        assertThat(storage.readForward(10, 5)).extracting(StoredEvent::token).containsExactly(10L, 11L, 12L, 13L, 14L);
        assertThat(storage.readBackward(Long.MAX_VALUE, 3)).extracting(StoredEvent::token).containsExactly(29L, 28L, 27L);
        assertThat(storage.readBackward(2, 5)).extracting(StoredEvent::token).containsExactly(1L, 0L);
        assertThat(storage.aggregateEvents("order-1", 2, 3)).extracting(StoredEvent::token).containsExactly(7L, 10L, 13L);
        assertThat(storage.payloadTypes()).containsExactly("Even", "Odd");
        assertThat(storage.snapshotCount()).isEqualTo(1);

        EventFilter odd = new EventFilter("", "Odd", 1005, 1020);
        ScanPage first = storage.scan(odd, 0, false, 3, 1000);
        assertThat(first.events()).extracting(StoredEvent::token).containsExactly(5L, 7L, 9L);
        assertThat(first.complete()).isFalse();
        ScanPage second = storage.scan(odd, first.nextToken(), false, 100, 1000);
        assertThat(second.events()).extracting(StoredEvent::token).containsExactly(11L, 13L, 15L, 17L, 19L);
        assertThat(second.complete()).isTrue();
        ScanPage bounded = storage.scan(new EventFilter("", "", 0, Long.MAX_VALUE), 0, false, 100, 4);
        assertThat(bounded.events()).hasSize(4);
        assertThat(bounded.nextToken()).isEqualTo(4);

        ScanPage newest = storage.scan(odd, Long.MAX_VALUE, true, 2, 1000);
        assertThat(newest.events()).extracting(StoredEvent::token).containsExactly(19L, 17L);
        ScanPage older = storage.scan(odd, newest.nextToken(), true, 100, 1000);
        assertThat(older.events()).extracting(StoredEvent::token).containsExactly(15L, 13L, 11L, 9L, 7L, 5L);
        assertThat(older.complete()).isTrue();
        assertThat(storage.scan(EventFilter.ANY, 3, true, 10, 10).events())
                .extracting(StoredEvent::token).containsExactly(2L, 1L, 0L);

        EventFilter order1 = new EventFilter("order-1", "", Long.MIN_VALUE, Long.MAX_VALUE);
        ScanPage latestOfOrder1 = storage.scan(order1, Long.MAX_VALUE, true, 2, 1000);
        assertThat(latestOfOrder1.events()).extracting(StoredEvent::token).containsExactly(28L, 25L);
        assertThat(storage.scan(order1, latestOfOrder1.nextToken(), true, 2, 1000).events())
                .extracting(StoredEvent::token).containsExactly(22L, 19L);
        assertThat(storage.scan(new EventFilter("order-1", "Even", Long.MIN_VALUE, Long.MAX_VALUE), 5, false, 3, 1000)
                .events()).extracting(StoredEvent::token).containsExactly(10L, 16L, 22L);
    }

    @Test
    void skipsBlocksOutsideTheTimeRangeAndStillFindsEveryMatch() {
        // Three blocks of 1024 events an hour apart, so a time range selects one block.
        long hour = 3_600_000L;
        for (int block = 0; block < 3; block++) {
            List<Event> events = new ArrayList<>();
            for (int i = 0; i < 1024; i++) {
                events.add(plainEvent("Tick", block * hour + i));
            }
            append(events);
        }
        EventFilter middle = new EventFilter("", "", hour, hour + 1023);

        ScanPage newest = storage.scan(middle, Long.MAX_VALUE, true, 500, 600);
        assertThat(newest.events()).hasSize(500);
        assertThat(newest.events().get(0).token()).isEqualTo(2047);
        ScanPage oldest = storage.scan(middle, 0, false, 500, 600);
        assertThat(oldest.events()).hasSize(500);
        assertThat(oldest.events().get(0).token()).isEqualTo(1024);
        assertThat(storage.scan(new EventFilter("", "", 5 * hour, Long.MAX_VALUE), 0, false, 10, 10).complete())
                .isTrue();
    }

    @Test
    void searchesTheNewestEventsForTextsConfirmedByAPredicate() {
        append(List.of(domainEvent("order-1", 0), domainEvent("order-2", 0), domainEvent("order-10", 0)));
        append(List.of(domainEvent("order-1", 1), plainEvent("Unrelated", 1)));

        EventStorage.RecentSearch all = storage.searchRecent(List.of("order-1"),
                event -> event.getAggregateIdentifier().equals("order-1"), 1000, 100);
        assertThat(all.events()).extracting(StoredEvent::token).containsExactly(0L, 3L);
        assertThat(all.fromToken()).isZero();
        assertThat(all.toToken()).isEqualTo(4);
        assertThat(all.truncated()).isFalse();

        EventStorage.RecentSearch window = storage.searchRecent(List.of("order-1", "order-2"), event -> true, 4, 100);
        assertThat(window.fromToken()).isEqualTo(1);
        assertThat(window.events()).extracting(StoredEvent::token).containsExactly(1L, 2L, 3L);

        EventStorage.RecentSearch limited = storage.searchRecent(List.of("order-"), event -> true, 1000, 2);
        assertThat(limited.events()).extracting(StoredEvent::token).containsExactly(0L, 1L);
        assertThat(limited.truncated()).isTrue();
    }

    @Test
    void recordsMetrics() {
        append(transaction("order-1", 0, 3));
        storage.appendSnapshot(snapshot("order-1", 2)).join();
        assertThat(registry.get("axonserver.events.appended").counter().count()).isEqualTo(3);
        assertThat(registry.get("axonserver.snapshots.appended").counter().count()).isEqualTo(1);
        assertThat(registry.get("axonserver.append.latency").timer().count()).isEqualTo(2);
        assertThat(registry.get("axonserver.events.head").tag("context", "default").gauge().value()).isEqualTo(2);
    }

    @Test
    void readsLargeAggregatesLazily() {
        for (int i = 0; i < 20; i++) {
            append(transaction("big", i * 100L, 100));
        }
        Iterator<Event> events = storage.readAggregate("big", 0, Long.MAX_VALUE, true);
        long expected = 0;
        while (events.hasNext()) {
            assertThat(events.next().getAggregateSequenceNumber()).isEqualTo(expected++);
        }
        assertThat(expected).isEqualTo(2000);
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
