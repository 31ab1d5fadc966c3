package org.orderplatform.axonserver.store;

import io.axoniq.axonserver.grpc.event.Event;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.unit.DataSize;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.orderplatform.axonserver.support.TestEvents.transaction;

/** {@code verify} and {@code salvage} on stores damaged the ways disks and people damage them. */
class StoreRepairTest {

    private static final DataSize NO_FLOOR = DataSize.ofBytes(0);

    @TempDir
    Path dataDir;
    private final ByteArrayOutputStream output = new ByteArrayOutputStream();

    private Path context() {
        return dataDir.resolve("default");
    }

    private EventStorage open(long segmentBytes) throws IOException {
        return EventStorage.open("default", context(), new SimpleMeterRegistry(), segmentBytes, NO_FLOOR);
    }

    /** Appends transactions of two events each, returning the byte each one starts at in its segment. */
    private List<Long> appendTransactions(EventStorage storage, int count) throws IOException {
        List<Long> starts = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            starts.add(Files.size(lastSegment()));
            storage.appendEvents(transaction("order-" + i, 0, 2)).join();
        }
        return starts;
    }

    /** A stopped store of {@code transactions} transactions; returns the byte each starts at in its segment. */
    private List<Long> storeOf(int transactions, long segmentBytes) throws IOException {
        try (EventStorage storage = open(segmentBytes)) {
            return appendTransactions(storage, transactions);
        }
    }

    private int run(String command) {
        output.reset();
        return StoreRepair.run(command, dataDir, new PrintStream(output, true, StandardCharsets.UTF_8));
    }

    private String printed() {
        return output.toString(StandardCharsets.UTF_8);
    }

    private List<Path> segments() throws IOException {
        return SegmentedLog.segmentFiles(context().resolve("events"), ".events");
    }

    private Path lastSegment() throws IOException {
        List<Path> segments = segments();
        return segments.get(segments.size() - 1);
    }

    private static void flipByte(Path segment, long at) throws IOException {
        try (FileChannel channel = FileChannel.open(segment, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer one = ByteBuffer.allocate(1);
            channel.read(one, at);
            channel.write(ByteBuffer.wrap(new byte[]{(byte) (one.get(0) ^ 0x5a)}), at);
        }
    }

    private static List<Long> tokens(EventStorage storage) {
        return storage.readForward(0, 1000).stream().map(StoredEvent::token).toList();
    }

    private static List<String> aggregates(EventStorage storage) {
        return storage.readForward(0, 1000).stream().map(StoredEvent::event).map(Event::getAggregateIdentifier)
                .toList();
    }

    @Test
    void verifyFindsAnIntactStoreIntact() throws IOException {
        storeOf(3, 4096);

        assertThat(run("verify")).isZero();
        assertThat(printed()).contains("6 intact entries, forced up to token 5").doesNotContain("DAMAGED");
    }

    @Test
    void salvageKeepsEveryIntactTransactionAtItsTokenAndNeverHandsOutALostTokenAgain() throws IOException {
        List<Long> starts = storeOf(4, 1024 * 1024);
        Path segment = lastSegment();
        byte[] asItWas = Files.readAllBytes(segment);
        flipByte(segment, starts.get(1) + 30);

        assertThat(run("verify")).isEqualTo(1);
        assertThat(printed()).contains("DAMAGED " + segment + " @" + starts.get(1) + ": " + (starts.get(2) - starts.get(1))
                + " damaged bytes after token 1, which held 2 tokens");
        assertThatThrownBy(() -> open(1024 * 1024)).hasMessageContaining("damaged at byte " + starts.get(1));

        assertThat(run("salvage")).as(printed()).isZero();
        assertThat(run("verify")).as(printed()).isZero();
        try (EventStorage storage = open(1024 * 1024)) {
            assertThat(tokens(storage)).containsExactly(0L, 1L, 4L, 5L, 6L, 7L);
            assertThat(aggregates(storage)).containsExactly("order-0", "order-0", "order-2", "order-2", "order-3",
                    "order-3");
            assertThat(storage.readBackward(Long.MAX_VALUE, 10)).extracting(StoredEvent::token)
                    .containsExactly(7L, 6L, 5L, 4L, 1L, 0L);
            storage.appendEvents(transaction("order-4", 0, 1)).join();
            assertThat(storage.lastToken()).isEqualTo(8);
        }
        assertThat(segment.resolveSibling("quarantine").resolve(segment.getFileName() + "@0")).hasBinaryContent(
                flipped(asItWas, starts.get(1) + 30));
    }

    @Test
    void damageInAnOlderSegmentIsSalvagedWithTheNextSegmentsFirstTokenTellingWhatWasLost() throws IOException {
        List<Long> starts = storeOf(60, 4096);
        List<Path> segments = segments();
        assertThat(segments).hasSizeGreaterThan(2);
        Path first = segments.get(0);
        long secondSegmentStarts = SegmentedLog.firstTokenOf(segments.get(1));
        // The second transaction, which starts at the second record of the first segment.
        flipByte(first, starts.get(1) + 30);

        assertThatThrownBy(() -> open(4096)).hasMessageContaining(first + " is damaged at byte " + starts.get(1));
        assertThat(run("salvage")).as(printed()).isZero();

        try (EventStorage storage = open(4096)) {
            List<Long> tokens = tokens(storage);
            assertThat(tokens).hasSize(118).startsWith(0L, 1L, 4L, 5L).contains(secondSegmentStarts)
                    .doesNotContain(2L, 3L);
            assertThat(storage.lastToken()).isEqualTo(119);
        }
    }

    @Test
    void withTwoDamagedStretchesTheRestOfTheSegmentIsSetAsideAndTokensGoOnAfterTheForcedOnes() throws IOException {
        List<Long> starts = storeOf(5, 1024 * 1024);
        Path segment = lastSegment();
        flipByte(segment, starts.get(1) + 30);
        flipByte(segment, starts.get(3) + 30);

        assertThat(run("salvage")).as(printed()).isZero();
        assertThat(printed()).contains("kept the transactions before byte " + starts.get(1));

        try (EventStorage storage = open(1024 * 1024)) {
            assertThat(tokens(storage)).containsExactly(0L, 1L);
            storage.appendEvents(transaction("order-5", 0, 1)).join();
            // Tokens 2 to 9 were handed out before the damage: the new event comes after them.
            assertThat(storage.lastToken()).isEqualTo(10);
        }
        assertThat(segment.resolveSibling("quarantine").resolve(segment.getFileName() + "@0")).exists();
    }

    @Test
    void aMissingSegmentBecomesTokensKeptEmptyAndTheSegmentsAfterItOpen() throws IOException {
        storeOf(60, 4096);
        List<Path> segments = segments();
        Path missing = segments.get(1);
        long from = SegmentedLog.firstTokenOf(missing);
        long to = SegmentedLog.firstTokenOf(segments.get(2));
        Files.move(missing, dataDir.resolve("elsewhere"));

        assertThat(run("verify")).isEqualTo(1);
        assertThat(printed()).contains("starts at token " + to + " where token " + from + " was due");
        assertThat(run("salvage")).as(printed()).isZero();

        try (EventStorage storage = open(4096)) {
            List<Long> tokens = tokens(storage);
            assertThat(tokens).hasSize((int) (120 - (to - from))).contains(from - 1, to).doesNotContain(from);
            assertThat(storage.lastToken()).isEqualTo(119);
        }
    }

    @Test
    void aLostLastSegmentStopsTheStartAndItsForcedTokensAreNeverHandedOutAgain() throws IOException {
        storeOf(60, 4096);
        // Closing a store whose segment is full starts the next one, empty; the one before it holds the last events.
        List<Path> segments = segments();
        Path lost = segments.get(segments.size() - 2);
        long from = SegmentedLog.firstTokenOf(lost);
        Files.move(lost, dataDir.resolve("elsewhere"));
        Files.move(segments.get(segments.size() - 1), dataDir.resolve("elsewhere-empty"));

        assertThatThrownBy(() -> open(4096)).hasMessageContaining("the segments of tokens " + from + " to 119")
                .hasMessageContaining("are missing");
        assertThat(run("verify")).as(printed()).isEqualTo(1);
        assertThat(run("salvage")).as(printed()).isZero();

        try (EventStorage storage = open(4096)) {
            assertThat(tokens(storage)).hasSize((int) from).endsWith(from - 1);
            storage.appendEvents(transaction("order-60", 0, 1)).join();
            assertThat(storage.lastToken()).isEqualTo(120);
        }
    }

    @Test
    void neitherCommandTouchesTheStoreOfARunningServer() throws IOException {
        try (EventStorage storage = open(4096); DataDirectoryLock running = DataDirectoryLock.take(dataDir)) {
            appendTransactions(storage, 1);

            assertThat(run("salvage")).isEqualTo(2);
            assertThat(printed()).contains("in use by");
        }
    }

    private static byte[] flipped(byte[] bytes, long at) {
        byte[] copy = bytes.clone();
        copy[(int) at] ^= 0x5a;
        return copy;
    }
}
