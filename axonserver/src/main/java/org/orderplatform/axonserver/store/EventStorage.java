package org.orderplatform.axonserver.store;

import com.google.protobuf.InvalidProtocolBufferException;
import io.axoniq.axonserver.grpc.event.Event;
import io.grpc.StatusRuntimeException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import org.orderplatform.axonserver.grpc.ErrorCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.util.unit.DataSize;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Predicate;

/**
 * The events and snapshots of one Axon context: two {@link SegmentedLog}s (events, snapshots) and in-memory indexes
 * rebuilt from them on open.
 * <p>
 * Writes go through one committer thread (group commit): it takes every waiting transaction, validates aggregate
 * sequences against the index and the transactions before it in the same batch, writes the valid ones, forces the
 * files once, and only then updates the indexes, shows the events to readers and acknowledges. A transaction is one
 * log record, so it is all there after a crash or not at all.
 */
public final class EventStorage implements Closeable {

    private static final Logger log = LoggerFactory.getLogger(EventStorage.class);
    private static final long SEGMENT_BYTES = 256L * 1024 * 1024;
    private static final int TIMESTAMP_BLOCK = 1024;
    private static final int MAX_BATCH_BYTES = 16 * 1024 * 1024;

    /**
     * How much may wait for the committer, and how long a write beyond it waits for room before it is refused: the
     * queue holds serialized transactions, so it is bounded in bytes, and a full one holds back the appending clients
     * (their confirmations wait) rather than the heap.
     */
    record WriteQueueBound(long bytes, Duration maxWait) {
        static final WriteQueueBound DEFAULT = new WriteQueueBound(64L * 1024 * 1024, Duration.ofSeconds(10));

        /** A write's share of the bound, in KiB; one larger than the bound takes all of it, waiting for an empty queue. */
        int permits(long size) {
            return (int) Math.max(1, Math.min(bytes / 1024, (size + 1023) / 1024));
        }
    }

    private final String context;
    private final SegmentedLog events;
    private final SegmentedLog snapshots;
    private final AggregateIndex aggregates;
    private final SnapshotIndex snapshotIndex;
    private final Indexes indexes;
    private final LongArray blockMaxTimestamps;
    private final LongArray blockMinTimestamps;
    /** How many events of each payload type the context holds. */
    private final Map<String, LongAdder> payloadTypes;
    private final BlockingQueue<Write> writes = new LinkedBlockingQueue<>();
    private final WriteQueueBound queueBound;
    private final Semaphore queueRoom;
    private final List<Runnable> appendListeners = new CopyOnWriteArrayList<>();
    private final MeterRegistry registry;
    private final List<Meter> meters = new ArrayList<>();
    private final Counter eventsAppended;
    private final Counter snapshotsAppended;
    private final Timer appendLatency;
    private final Thread committer;
    private final FileStore disk;
    private final DataSize minFreeSpace;
    private volatile boolean closed;
    /** Why appends are refused: a write that could not be undone, or a fault of the committer itself. */
    private volatile Throwable failure;

    private EventStorage(String context, SegmentedLog events, SegmentedLog snapshots, Indexes indexes,
                         MeterRegistry registry, FileStore disk, DataSize minFreeSpace, WriteQueueBound queueBound) {
        this.context = context;
        this.queueBound = queueBound;
        this.queueRoom = new Semaphore(queueBound.permits(queueBound.bytes()));
        this.disk = disk;
        this.minFreeSpace = minFreeSpace;
        this.events = events;
        this.snapshots = snapshots;
        this.aggregates = indexes.aggregates;
        this.snapshotIndex = indexes.snapshots;
        this.blockMaxTimestamps = indexes.blockMaxTimestamps;
        this.blockMinTimestamps = indexes.blockMinTimestamps;
        this.payloadTypes = indexes.payloadTypes;
        this.indexes = indexes;
        this.registry = registry;
        Tags tags = Tags.of("context", context);
        eventsAppended = register(Counter.builder("axonserver.events.appended").tags(tags).register(registry));
        snapshotsAppended = register(Counter.builder("axonserver.snapshots.appended").tags(tags).register(registry));
        appendLatency = register(Timer.builder("axonserver.append.latency").tags(tags).register(registry));
        register(Gauge.builder("axonserver.events.head", this, EventStorage::lastToken).tags(tags).register(registry));
        register(Gauge.builder("axonserver.event.stream.readers", appendListeners, List::size)
                .tags(tags).register(registry));
        register(Gauge.builder("axonserver.store.writable", this, storage -> storage.writable() ? 1 : 0)
                .description("1 while the context's store accepts appends, 0 once a write failure stopped them")
                .tags(tags).register(registry));
        committer = new Thread(this::commitLoop, "event-committer-" + context);
        committer.setDaemon(true);
        committer.start();
    }

    private <M extends Meter> M register(M meter) {
        meters.add(meter);
        return meter;
    }

    /**
     * Opens (creating when absent) the storage in {@code directory}, recovering from a crash if there was one;
     * appends are refused while less than {@code minFreeSpace} is free on its disk.
     */
    public static EventStorage open(String context, Path directory, MeterRegistry registry, DataSize minFreeSpace)
            throws IOException {
        return open(context, directory, registry, SEGMENT_BYTES, minFreeSpace);
    }

    static EventStorage open(String context, Path directory, MeterRegistry registry, long segmentBytes,
                             DataSize minFreeSpace) throws IOException {
        return open(context, directory, registry, segmentBytes, minFreeSpace, WriteQueueBound.DEFAULT);
    }

    static EventStorage open(String context, Path directory, MeterRegistry registry, long segmentBytes,
                             DataSize minFreeSpace, WriteQueueBound queueBound) throws IOException {
        long started = System.nanoTime();
        Indexes indexes = new Indexes();
        SegmentedLog events = SegmentedLog.open(directory.resolve("events"), ".events", segmentBytes,
                indexes::indexEvent);
        SegmentedLog snapshots;
        try {
            snapshots = SegmentedLog.open(directory.resolve("snapshots"), ".snapshots", segmentBytes,
                    indexes::indexSnapshot);
        } catch (IOException | RuntimeException e) {
            events.close();
            throw e;
        }
        EventStorage storage = new EventStorage(context, events, snapshots, indexes, registry,
                Files.getFileStore(directory), minFreeSpace, queueBound);
        log.info("Context {}: opened {} events of {} aggregates and {} snapshots in {} ms", context,
                storage.eventCount(), storage.aggregates.size(), storage.snapshotCount(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        return storage;
    }

    public String context() {
        return context;
    }

    // ---- writing

    /**
     * Appends the events of one transaction; the future completes once they are durable and readable, or fails with
     * the gRPC error to report (and then nothing of the transaction was stored).
     */
    public CompletableFuture<Void> appendEvents(List<Event> transaction) {
        EventWrite write;
        try {
            write = EventWrite.prepare(transaction);
        } catch (StatusRuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        if (write.bytes.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        return submit(write);
    }

    /** Stores a snapshot; it must not be ahead of the aggregate's events. */
    public CompletableFuture<Void> appendSnapshot(Event snapshot) {
        if (snapshot.getAggregateIdentifier().isEmpty()) {
            return CompletableFuture.failedFuture(
                    ErrorCode.VALIDATION_FAILED.exception("Snapshot has no aggregate identifier"));
        }
        if (snapshot.getMessageIdentifier().isEmpty()) {
            return CompletableFuture.failedFuture(
                    ErrorCode.VALIDATION_FAILED.exception("Snapshot has no message identifier"));
        }
        byte[] bytes = snapshot.toBuilder().setSnapshot(true).build().toByteArray();
        if (bytes.length > SegmentedLog.MAX_RECORD_BYTES - 16) {
            return CompletableFuture.failedFuture(ErrorCode.VALIDATION_FAILED.exception("Snapshot too large"));
        }
        return submit(new SnapshotWrite(snapshot.getAggregateIdentifier(), snapshot.getAggregateSequenceNumber(),
                bytes));
    }

    private CompletableFuture<Void> submit(Write write) {
        if (closed) {
            return CompletableFuture.failedFuture(ErrorCode.DATAFILE_WRITE_ERROR.exception(
                    "Event store of context " + context + " is closed"));
        }
        Throwable broken = failure;
        if (broken != null) {
            return CompletableFuture.failedFuture(writeError(broken));
        }
        try {
            if (!queueRoom.tryAcquire(queueBound.permits(write.size()), queueBound.maxWait().toMillis(),
                    TimeUnit.MILLISECONDS)) {
                return CompletableFuture.failedFuture(ErrorCode.DATAFILE_WRITE_ERROR.exception("Event store of "
                        + "context " + context + " is behind: " + queueBound.bytes() / 1024 + " KiB of writes waited "
                        + "longer than " + queueBound.maxWait().toSeconds() + " s for the disk; nothing of this one was "
                        + "stored"));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return CompletableFuture.failedFuture(writeError(e));
        }
        writes.add(write);
        return write.result();
    }

    private StatusRuntimeException writeError(Throwable e) {
        return ErrorCode.DATAFILE_WRITE_ERROR.exception("Cannot write to the event store of context " + context
                + ": " + e.getMessage());
    }

    private void commitLoop() {
        List<Write> batch = new ArrayList<>();
        boolean stopping = false;
        while (!stopping) {
            batch.clear();
            try {
                batch.add(writes.take());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            long bytes = batch.get(0).size();
            Write next;
            while (bytes < MAX_BATCH_BYTES && (next = writes.poll()) != null) {
                batch.add(next);
                bytes += next.size();
            }
            stopping = batch.get(batch.size() - 1) == Stop.INSTANCE;
            try {
                commit(batch);
            } catch (Throwable fault) {
                refuseWrites(fault, batch);
            }
            for (Write write : batch) {
                if (write != Stop.INSTANCE) {
                    queueRoom.release(queueBound.permits(write.size()));
                }
            }
        }
    }

    /**
     * The committer failed other than by a write's IOException (an OutOfMemoryError on a large batch, an append
     * listener's error, a bug): whatever it had done of the batch is unknown, so nothing more is appended. The batch
     * and every later write fail at once, health reports the store unwritable, and a restart recovers it, keeping
     * every acknowledged transaction. The committer itself goes on, so no append waits for its client's timeout.
     */
    private void refuseWrites(Throwable fault, List<Write> batch) {
        failure = fault;
        log.error("Context {}: the event committer failed; refusing further writes until a restart", context, fault);
        StatusRuntimeException error = writeError(fault);
        batch.forEach(write -> write.result().completeExceptionally(error));
    }

    private void commit(List<Write> batch) {
        Throwable broken = failure;
        if (broken != null) {
            StatusRuntimeException error = writeError(broken);
            batch.forEach(write -> write.result().completeExceptionally(error));
            return;
        }
        StatusRuntimeException full = diskTooFull();
        if (full != null) {
            batch.forEach(write -> write.result().completeExceptionally(full));
            return;
        }
        long firstNewToken = events.head().nextToken();
        List<Write> accepted = new ArrayList<>(batch.size());
        try {
            events.rollIfFull();
            snapshots.rollIfFull();
            Map<String, Long> batchHighest = new HashMap<>();
            for (Write write : batch) {
                StatusRuntimeException invalid = validate(write, batchHighest);
                if (invalid != null) {
                    write.result().completeExceptionally(invalid);
                } else if (write instanceof EventWrite eventWrite) {
                    eventWrite.firstToken = events.append(eventWrite.bytes);
                    accepted.add(write);
                } else if (write instanceof SnapshotWrite snapshotWrite) {
                    snapshotWrite.token = snapshots.append(List.of(snapshotWrite.bytes));
                    accepted.add(write);
                }
            }
            events.commit();
            snapshots.commit();
        } catch (IOException e) {
            rollBack(e, batch);
            return;
        }
        for (Write write : accepted) {
            index(write);
        }
        events.publish();
        snapshots.publish();
        long now = System.nanoTime();
        for (Write write : accepted) {
            if (write instanceof EventWrite eventWrite) {
                eventsAppended.increment(eventWrite.bytes.size());
            } else {
                snapshotsAppended.increment();
            }
            appendLatency.record(now - write.startedNanos(), TimeUnit.NANOSECONDS);
            write.result().complete(null);
        }
        if (events.head().nextToken() > firstNewToken) {
            notifyListeners();
        }
    }

    /**
     * Refuses the batch while the disk is nearly full, so that the store never finds out by a failed write in the
     * middle of a transaction or a segment roll; appends resume by themselves once space is freed.
     */
    private StatusRuntimeException diskTooFull() {
        long free;
        try {
            free = disk.getUsableSpace();
        } catch (IOException unknown) {
            // The write itself then says what is wrong.
            return null;
        }
        if (free >= minFreeSpace.toBytes()) {
            return null;
        }
        return ErrorCode.DATAFILE_WRITE_ERROR.exception("Event store of context " + context + " refuses appends: "
                + free / (1024 * 1024) + " MB free on " + disk + ", under the floor of " + minFreeSpace.toMegabytes()
                + " MB (axonserver.min-free-space); appends resume once space is freed");
    }

    private void notifyListeners() {
        for (Runnable listener : appendListeners) {
            try {
                listener.run();
            } catch (RuntimeException e) {
                log.warn("Context {}: an append listener failed", context, e);
            }
        }
    }

    private StatusRuntimeException validate(Write write, Map<String, Long> batchHighest) {
        if (write instanceof EventWrite eventWrite) {
            for (Map.Entry<String, long[]> range : eventWrite.ranges.entrySet()) {
                String aggregateId = range.getKey();
                long expected = highestSequence(aggregateId, batchHighest) + 1;
                long given = range.getValue()[0];
                if (given != expected) {
                    return invalidSequence(given, aggregateId, expected);
                }
            }
            eventWrite.ranges.forEach((aggregateId, range) -> batchHighest.put(aggregateId, range[1]));
        } else if (write instanceof SnapshotWrite snapshotWrite) {
            long highest = highestSequence(snapshotWrite.aggregateId, batchHighest);
            if (snapshotWrite.sequence > highest) {
                return ErrorCode.INVALID_EVENT_SEQUENCE.exception(
                        "Invalid sequence number while storing snapshot. Highest aggregate "
                                + snapshotWrite.aggregateId + " sequence number: " + highest
                                + ", snapshot sequence " + snapshotWrite.sequence + ".");
            }
        }
        return null;
    }

    private long highestSequence(String aggregateId, Map<String, Long> batchHighest) {
        Long inBatch = batchHighest.get(aggregateId);
        return inBatch != null ? inBatch : aggregates.highestSequence(aggregateId);
    }

    private static StatusRuntimeException invalidSequence(long given, String aggregateId, long expected) {
        return ErrorCode.INVALID_EVENT_SEQUENCE.exception(
                "Invalid sequence number " + given + " for aggregate " + aggregateId + ", expected " + expected);
    }

    private void rollBack(IOException cause, List<Write> batch) {
        log.error("Context {}: writing to the event store failed", context, cause);
        try {
            events.rollback();
            snapshots.rollback();
        } catch (IOException e) {
            log.error("Context {}: cannot undo a failed write; refusing further writes", context, e);
            failure = e;
        }
        StatusRuntimeException error = writeError(cause);
        batch.forEach(write -> write.result().completeExceptionally(error));
    }

    private void index(Write write) {
        if (write instanceof EventWrite eventWrite) {
            for (int i = 0; i < eventWrite.fields.size(); i++) {
                indexes.add(eventWrite.firstToken + i, eventWrite.fields.get(i));
            }
        } else if (write instanceof SnapshotWrite snapshotWrite) {
            snapshotIndex.add(snapshotWrite.aggregateId, snapshotWrite.sequence, snapshotWrite.token);
        }
    }

    /** Runs {@code listener} (briefly, on the committer thread) after each commit that added events. */
    public AutoCloseable onAppend(Runnable listener) {
        appendListeners.add(listener);
        return () -> appendListeners.remove(listener);
    }

    // ---- reading for clients

    /** The highest sequence number of the aggregate's events, -1 when it has none. */
    public long highestSequence(String aggregateId) {
        return aggregates.highestSequence(aggregateId);
    }

    /**
     * The events of an aggregate with a sequence in {@code from..to} (inclusive). With {@code allowSnapshots}, the
     * newest snapshot in that range comes first, followed only by the events after it.
     */
    public Iterator<Event> readAggregate(String aggregateId, long from, long to, boolean allowSnapshots) {
        Event snapshot = null;
        long start = from;
        if (allowSnapshots) {
            long[] latest = snapshotIndex.newestFirst(aggregateId, from, to, 1);
            if (latest.length == 1) {
                snapshot = parse(readEntry(snapshots, latest[0]));
                start = snapshot.getAggregateSequenceNumber() + 1;
            }
        }
        long[] tokens = start > to ? new long[0] : aggregates.tokens(aggregateId, start, to);
        return new AggregateIterator(snapshot, tokens);
    }

    /** Snapshots of an aggregate with a sequence in {@code from..to}, newest first, at most {@code maxResults}. */
    public List<Event> readSnapshots(String aggregateId, long from, long to, int maxResults) {
        long[] tokens = snapshotIndex.newestFirst(aggregateId, from, to, maxResults);
        List<Event> found = new ArrayList<>(tokens.length);
        for (long token : tokens) {
            found.add(parse(readEntry(snapshots, token)));
        }
        return found;
    }

    /** The token of the first event; the log is never trimmed, so always 0. */
    public long firstToken() {
        return 0;
    }

    /** The token of the last event, -1 when there is none. */
    public long lastToken() {
        return events.head().nextToken() - 1;
    }

    /**
     * The token of the first event (in token order) with a timestamp at or after {@code instant}; the token after
     * the last event when every event is older; -1 when the store is empty. This is what AxonIQ's server answers.
     */
    public long tokenAt(long instant) {
        long next = events.head().nextToken();
        if (next == 0) {
            return -1;
        }
        int blocks = (int) ((next - 1) / TIMESTAMP_BLOCK) + 1;
        for (int block = 0; block < blocks; block++) {
            if (blockMaxTimestamps.get(block) < instant) {
                continue;
            }
            SegmentedLog.Cursor cursor = events.cursor((long) block * TIMESTAMP_BLOCK);
            while (next(cursor) && cursor.token() < next && cursor.token() < (block + 1L) * TIMESTAMP_BLOCK) {
                if (EventFields.timestamp(cursor.entry()) >= instant) {
                    return cursor.token();
                }
            }
        }
        return next;
    }

    /** A reader of the event log from {@code token} on, which sees events as they are committed. */
    public EventCursor openCursor(long token) {
        return new EventCursor(events.cursor(token));
    }

    /** Reads events one by one in token order; not thread-safe. */
    public static final class EventCursor {

        private final SegmentedLog.Cursor cursor;

        private EventCursor(SegmentedLog.Cursor cursor) {
            this.cursor = cursor;
        }

        /** Moves to the next committed event; false when the reader has caught up. */
        public boolean next() {
            return EventStorage.next(cursor);
        }

        public long token() {
            return cursor.token();
        }

        public Event event() {
            return parse(cursor.entry());
        }
    }

    // ---- reading for the dashboard: bounded pages, never the whole store

    /** False once closed, or after a write failure that could not be undone or a fault of the committer. */
    public boolean writable() {
        return !closed && failure == null && committer.isAlive();
    }

    public long eventCount() {
        return events.head().nextToken();
    }

    public long snapshotCount() {
        return snapshots.head().nextToken();
    }

    /** Bytes of events and snapshots on disk. */
    public long storageSizeBytes() {
        return events.sizeInBytes() + snapshots.sizeInBytes();
    }

    /** Up to {@code limit} events from {@code fromToken} on, oldest first. */
    public List<StoredEvent> readForward(long fromToken, int limit) {
        List<StoredEvent> page = new ArrayList<>(Math.min(limit, 1024));
        SegmentedLog.Cursor cursor = events.cursor(fromToken);
        while (page.size() < limit && next(cursor)) {
            page.add(new StoredEvent(cursor.token(), parse(cursor.entry())));
        }
        return page;
    }

    /** Up to {@code limit} events before {@code beforeToken}, newest first; use {@link Long#MAX_VALUE} for the newest. */
    public List<StoredEvent> readBackward(long beforeToken, int limit) {
        long token = Math.min(beforeToken, events.head().nextToken()) - 1;
        List<StoredEvent> page = new ArrayList<>(Math.min(limit, 1024));
        for (; token >= 0 && page.size() < limit; token--) {
            ByteBuffer entry = readEntry(events, token);
            if (entry.hasRemaining()) {
                page.add(new StoredEvent(token, parse(entry)));
            }
        }
        return page;
    }

    /** Up to {@code limit} events of an aggregate from sequence {@code fromSequence} on, with their tokens. */
    public List<StoredEvent> aggregateEvents(String aggregateId, long fromSequence, int limit) {
        long[] tokens = aggregates.tokens(aggregateId, fromSequence, fromSequence + Math.max(0, limit) - 1);
        List<StoredEvent> page = new ArrayList<>(tokens.length);
        for (long token : tokens) {
            page.add(new StoredEvent(token, parse(readEntry(events, token))));
        }
        return page;
    }

    /**
     * Up to {@code limit} events matching {@code filter}, looking at no more than {@code maxScanned} events, so a page
     * costs a bounded amount of work however rare the matches; continue from the returned {@code nextToken}.
     *
     * @param cursor      oldest first: the first token to look at; newest first: the token to stay below
     *                    ({@link Long#MAX_VALUE} for the newest)
     * @param newestFirst the direction
     */
    public ScanPage scan(EventFilter filter, long cursor, boolean newestFirst, int limit, int maxScanned) {
        if (!filter.aggregateId().isEmpty()) {
            return scanAggregate(filter, cursor, newestFirst, limit, maxScanned);
        }
        long next = events.head().nextToken();
        if (filter.matchesEverything() && newestFirst) {
            List<StoredEvent> page = readBackward(cursor, limit);
            long below = page.isEmpty() ? 0 : page.get(page.size() - 1).token();
            return new ScanPage(page, below, below == 0);
        }
        if (filter.matchesEverything()) {
            List<StoredEvent> page = readForward(Math.max(0, cursor), limit);
            long from = page.isEmpty() ? Math.max(0, cursor) : page.get(page.size() - 1).token() + 1;
            return new ScanPage(page, from, from >= next);
        }
        List<StoredEvent> found = new ArrayList<>();
        int scanned = 0;
        if (newestFirst) {
            long token = Math.min(cursor, next) - 1;
            while (token >= 0 && found.size() < limit && scanned < maxScanned) {
                int block = (int) (token / TIMESTAMP_BLOCK);
                if (outsideTimeRange(block, filter)) {
                    token = (long) block * TIMESTAMP_BLOCK - 1;
                    continue;
                }
                scanned++;
                ByteBuffer entry = readEntry(events, token);
                if (entry.hasRemaining() && filter.matches(EventFields.parse(entry))) {
                    found.add(new StoredEvent(token, parse(entry)));
                }
                token--;
            }
            return new ScanPage(found, token + 1, token < 0);
        }
        long position = Math.max(0, cursor);
        while (position < next && outsideTimeRange((int) (position / TIMESTAMP_BLOCK), filter)) {
            position = (position / TIMESTAMP_BLOCK + 1) * TIMESTAMP_BLOCK;
        }
        SegmentedLog.Cursor log = events.cursor(position);
        while (found.size() < limit && scanned < maxScanned && position < next && next(log)) {
            scanned++;
            position = log.token() + 1;
            if (filter.matches(EventFields.parse(log.entry()))) {
                found.add(new StoredEvent(log.token(), parse(log.entry())));
            }
        }
        return new ScanPage(found, position, position >= next);
    }

    /** Whether no event of the block can match the filter's time range, so a scan may skip the whole block. */
    private boolean outsideTimeRange(int block, EventFilter filter) {
        return blockMaxTimestamps.get(block, Long.MAX_VALUE) < filter.fromMillis()
                || blockMinTimestamps.get(block, Long.MIN_VALUE) > filter.toMillis();
    }

    /**
     * The events among the newest {@code window} whose stored bytes contain one of {@code texts} (UTF-8) and that
     * {@code accept} accepts, oldest first, at most {@code limit}. The byte comparison comes first, so events that
     * cannot match are never decoded: a window of a million events takes a fraction of a second.
     */
    public RecentSearch searchRecent(List<String> texts, Predicate<Event> accept, int window, int limit) {
        long next = events.head().nextToken();
        long from = Math.max(0, next - window);
        List<byte[]> needles = texts.stream()
                .filter(text -> !text.isEmpty())
                .map(text -> text.getBytes(StandardCharsets.UTF_8))
                .toList();
        List<StoredEvent> found = new ArrayList<>();
        SegmentedLog.Cursor log = events.cursor(from);
        while (found.size() < limit && next(log) && log.token() < next) {
            ByteBuffer entry = log.entry();
            if (containsAny(entry, needles)) {
                Event event = parse(entry);
                if (accept.test(event)) {
                    found.add(new StoredEvent(log.token(), event));
                }
            }
        }
        return new RecentSearch(found, from, next - 1, found.size() >= limit);
    }

    /**
     * What {@link #searchRecent} found.
     *
     * @param events    the matching events, oldest first
     * @param fromToken the oldest token looked at
     * @param toToken   the newest token looked at, -1 when the store is empty
     * @param truncated whether the search stopped at its limit before the newest event
     */
    public record RecentSearch(List<StoredEvent> events, long fromToken, long toToken, boolean truncated) {
    }

    private static boolean containsAny(ByteBuffer entry, List<byte[]> needles) {
        for (byte[] needle : needles) {
            if (indexOf(entry, needle) >= 0) {
                return true;
            }
        }
        return false;
    }

    private static int indexOf(ByteBuffer haystack, byte[] needle) {
        int start = haystack.position();
        int last = haystack.limit() - needle.length;
        byte first = needle[0];
        outer:
        for (int i = start; i <= last; i++) {
            if (haystack.get(i) != first) {
                continue;
            }
            for (int j = 1; j < needle.length; j++) {
                if (haystack.get(i + j) != needle[j]) {
                    continue outer;
                }
            }
            return i - start;
        }
        return -1;
    }

    private ScanPage scanAggregate(EventFilter filter, long cursor, boolean newestFirst, int limit, int maxScanned) {
        long[] tokens = aggregates.tokens(filter.aggregateId(), 0, Long.MAX_VALUE);
        int insertion = Arrays.binarySearch(tokens, cursor);
        int index = insertion >= 0 ? insertion : -insertion - 1;
        if (newestFirst) {
            index--;
        }
        int step = newestFirst ? -1 : 1;
        List<StoredEvent> found = new ArrayList<>();
        long position = cursor;
        for (int scanned = 0; index >= 0 && index < tokens.length && found.size() < limit && scanned < maxScanned;
             scanned++, index += step) {
            long token = tokens[index];
            ByteBuffer entry = readEntry(events, token);
            if (filter.matches(EventFields.parse(entry))) {
                found.add(new StoredEvent(token, parse(entry)));
            }
            position = newestFirst ? token : token + 1;
        }
        return new ScanPage(found, position, index < 0 || index >= tokens.length);
    }

    public boolean hasPayloadType(String type) {
        return payloadTypes.containsKey(type);
    }

    /** How many events of each payload type this context holds, by type. */
    public SortedMap<String, Long> eventCountsByType() {
        SortedMap<String, Long> counts = new TreeMap<>();
        payloadTypes.forEach((type, count) -> counts.put(type, count.sum()));
        return counts;
    }

    /** Every payload type stored in this context, sorted. */
    public SortedSet<String> payloadTypes() {
        return new TreeSet<>(payloadTypes.keySet());
    }

    private static boolean next(SegmentedLog.Cursor cursor) {
        try {
            return cursor.next();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ByteBuffer readEntry(SegmentedLog log, long token) {
        try {
            return ByteBuffer.wrap(log.read(token));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Event parse(ByteBuffer bytes) {
        try {
            return Event.parseFrom(bytes.duplicate());
        } catch (InvalidProtocolBufferException e) {
            throw new UncheckedIOException("unreadable stored event", e);
        }
    }

    /** Stops accepting writes, commits what was submitted, and closes the files. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        writes.add(Stop.INSTANCE);
        try {
            committer.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        StatusRuntimeException closedError = ErrorCode.DATAFILE_WRITE_ERROR.exception(
                "Event store of context " + context + " is closed");
        Write left;
        while ((left = writes.poll()) != null) {
            left.result().completeExceptionally(closedError);
        }
        meters.forEach(registry::remove);
        try {
            events.close();
        } finally {
            snapshots.close();
        }
    }

    // ---- internals

    private sealed interface Write permits EventWrite, SnapshotWrite, Stop {

        CompletableFuture<Void> result();

        long startedNanos();

        long size();
    }

    private static final class EventWrite implements Write {

        private final List<byte[]> bytes;
        private final List<EventFields> fields;
        /** Per aggregate in the transaction: first and last sequence. */
        private final Map<String, long[]> ranges;
        private final long size;
        private final CompletableFuture<Void> result = new CompletableFuture<>();
        private final long startedNanos = System.nanoTime();
        private long firstToken;

        private EventWrite(List<byte[]> bytes, List<EventFields> fields, Map<String, long[]> ranges, long size) {
            this.bytes = bytes;
            this.fields = fields;
            this.ranges = ranges;
            this.size = size;
        }

        /** Checks what can be checked without the store, in the caller's thread, and serializes. */
        static EventWrite prepare(List<Event> transaction) {
            List<byte[]> bytes = new ArrayList<>(transaction.size());
            List<EventFields> fields = new ArrayList<>(transaction.size());
            Map<String, long[]> ranges = new LinkedHashMap<>();
            long size = 4;
            for (Event event : transaction) {
                if (event.getMessageIdentifier().isEmpty()) {
                    throw ErrorCode.VALIDATION_FAILED.exception("Event has no message identifier");
                }
                EventFields eventFields = EventFields.of(event);
                if (eventFields.domainEvent()) {
                    long[] range = ranges.get(eventFields.aggregateId());
                    if (range == null) {
                        ranges.put(eventFields.aggregateId(), new long[]{eventFields.sequence(), eventFields.sequence()});
                    } else if (eventFields.sequence() != range[1] + 1) {
                        throw invalidSequence(eventFields.sequence(), eventFields.aggregateId(), range[1] + 1);
                    } else {
                        range[1] = eventFields.sequence();
                    }
                }
                byte[] serialized = event.toByteArray();
                size += 4 + serialized.length;
                bytes.add(serialized);
                fields.add(eventFields);
            }
            if (size > SegmentedLog.MAX_RECORD_BYTES) {
                throw ErrorCode.VALIDATION_FAILED.exception("Transaction too large: " + size + " bytes");
            }
            return new EventWrite(bytes, fields, ranges, size);
        }

        @Override
        public CompletableFuture<Void> result() {
            return result;
        }

        @Override
        public long startedNanos() {
            return startedNanos;
        }

        @Override
        public long size() {
            return size;
        }
    }

    private static final class SnapshotWrite implements Write {

        private final String aggregateId;
        private final long sequence;
        private final byte[] bytes;
        private final CompletableFuture<Void> result = new CompletableFuture<>();
        private final long startedNanos = System.nanoTime();
        private long token;

        private SnapshotWrite(String aggregateId, long sequence, byte[] bytes) {
            this.aggregateId = aggregateId;
            this.sequence = sequence;
            this.bytes = bytes;
        }

        @Override
        public CompletableFuture<Void> result() {
            return result;
        }

        @Override
        public long startedNanos() {
            return startedNanos;
        }

        @Override
        public long size() {
            return bytes.length;
        }
    }

    /** Tells the committer to finish after the writes before it. */
    private enum Stop implements Write {
        INSTANCE;

        @Override
        public CompletableFuture<Void> result() {
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public long startedNanos() {
            return 0;
        }

        @Override
        public long size() {
            return 0;
        }
    }

    /** Lazily reads the events of an aggregate whose tokens were taken when the read started. */
    private final class AggregateIterator implements Iterator<Event> {

        private Event snapshot;
        private final long[] tokens;
        private int index;

        AggregateIterator(Event snapshot, long[] tokens) {
            this.snapshot = snapshot;
            this.tokens = tokens;
        }

        @Override
        public boolean hasNext() {
            return snapshot != null || index < tokens.length;
        }

        @Override
        public Event next() {
            if (snapshot != null) {
                Event first = snapshot;
                snapshot = null;
                return first;
            }
            if (index >= tokens.length) {
                throw new NoSuchElementException();
            }
            return parse(readEntry(events, tokens[index++]));
        }
    }

    /** The indexes, filled while the logs are opened. */
    private static final class Indexes {

        private final AggregateIndex aggregates = new AggregateIndex();
        private final SnapshotIndex snapshots = new SnapshotIndex();
        private final LongArray blockMaxTimestamps = new LongArray();
        private final LongArray blockMinTimestamps = new LongArray();
        private final Map<String, LongAdder> payloadTypes = new ConcurrentHashMap<>();

        void indexEvent(long token, ByteBuffer entry) {
            add(token, EventFields.parse(entry));
        }

        /** Indexes one event, when the logs are opened and after each commit. */
        void add(long token, EventFields fields) {
            if (fields.domainEvent()) {
                aggregates.add(fields.aggregateId(), fields.sequence(), token);
            }
            blockMaxTimestamps.max((int) (token / TIMESTAMP_BLOCK), fields.timestamp());
            blockMinTimestamps.min((int) (token / TIMESTAMP_BLOCK), fields.timestamp());
            payloadTypes.computeIfAbsent(fields.payloadType(), type -> new LongAdder()).increment();
        }

        void indexSnapshot(long token, ByteBuffer entry) {
            EventFields fields = EventFields.parse(entry);
            snapshots.add(fields.aggregateId(), fields.sequence(), token);
        }
    }

    /** Growable longs, one writer, readers reading entries published before. */
    private static final class LongArray {

        private volatile long[] values = new long[64];
        private int size;

        void max(int index, long value) {
            long[] current = grow(index);
            if (index >= size) {
                current[index] = value;
                size = index + 1;
            } else if (value > current[index]) {
                current[index] = value;
            }
        }

        void min(int index, long value) {
            long[] current = grow(index);
            if (index >= size) {
                current[index] = value;
                size = index + 1;
            } else if (value < current[index]) {
                current[index] = value;
            }
        }

        private long[] grow(int index) {
            long[] current = values;
            if (index >= current.length) {
                current = Arrays.copyOf(current, Math.max(current.length * 2, index + 1));
                values = current;
            }
            return current;
        }

        /** The value at {@code index}, or {@code absent} for an index never set. */
        long get(int index, long absent) {
            long[] current = values;
            return index < size && index < current.length ? current[index] : absent;
        }

        long get(int index) {
            return get(index, Long.MIN_VALUE);
        }
    }
}
