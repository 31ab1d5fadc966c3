package org.orderplatform.infra;

import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.exception.MongoServerException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The files that keep {@link JournaledMemoryBackend}'s data across a restart or a killed process, in one directory:
 * a snapshot of every document ({@code mongo-<generation>.snapshot}) and the journal of the changes since
 * ({@code mongo-<generation>.journal}), both sequences of {@link JournalRecords}.
 *
 * <p>Every change reaches the operating system in one {@code write} before its command is answered, so a process
 * that dies keeps it in the page cache; there is no fsync per write, so a power loss may lose the last ones.
 *
 * <p>Compaction starts the next generation's journal, then writes that generation's snapshot from the live data
 * while writes go on, each collection as it is at that moment: the journal's records are whole documents and
 * deletions, so replaying them over any state from after the journal's start gives the same end state. The snapshot
 * is written to a temporary file, forced to disk and renamed; only then are the older files deleted. Opening reads
 * the newest snapshot and every journal of its generation or later.
 */
final class Journal implements AutoCloseable {

    static final String LOCK_FILE_NAME = "mongo.lock";
    static final String SNAPSHOT_SUFFIX = ".snapshot";
    static final String JOURNAL_SUFFIX = ".journal";

    private static final Logger log = LoggerFactory.getLogger(Journal.class);

    /** What the H2 backend of earlier versions wrote; not read. */
    private static final String H2_FILE_NAME = "mongo.mv.db";
    private static final String TEMPORARY_SUFFIX = ".tmp";
    private static final Pattern FILE_NAME = Pattern.compile("mongo-(\\d+)(\\.snapshot|\\.journal)");
    private static final int MAGIC = 0x6d6a736a;
    private static final int FORMAT_VERSION = 1;
    private static final int FILE_HEADER_BYTES = 8;
    private static final int SNAPSHOT_BUFFER_BYTES = 1 << 20;

    private final Path directory;
    private final FileLock lock;
    private final Compaction compaction;
    private final ExecutorService compactor = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "mongo-journal-compaction");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicBoolean compactionRequested = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final ReentrantLock appendLock = new ReentrantLock();
    private volatile SnapshotSource source;

    // Guarded by appendLock.
    private FileChannel journal;
    private long generation;
    private long journalBytes;
    private long compactionThreshold;
    private IOException failure;

    private Journal(Path directory, FileLock lock, Compaction compaction, FileChannel journal, long generation) {
        this.directory = directory;
        this.lock = lock;
        this.compaction = compaction;
        this.journal = journal;
        this.generation = generation;
        this.compactionThreshold = compaction.minJournalBytes();
    }

    /**
     * Locks the directory, hands every change its files hold to {@code recovered}, oldest first, and starts a new
     * journal for the changes to come.
     *
     * @throws IllegalStateException if another instance uses the directory, or a snapshot is damaged
     */
    static Journal open(Path directory, Compaction compaction, Consumer<JournalRecords.Change> recovered) {
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the MongoDB data directory " + directory, e);
        }
        FileLock lock = lock(directory);
        try {
            deleteTemporaryFiles(directory);
            List<Path> files = recordFiles(directory);
            OptionalLong snapshot = files.stream().filter(Journal::isSnapshot).mapToLong(Journal::generationOf).max();
            if (files.isEmpty() && Files.exists(directory.resolve(H2_FILE_NAME))) {
                log.warn("Starting with no MongoDB data: {} is the data file of the H2 backend of earlier versions, "
                        + "which is not read; delete it to free the space", directory.resolve(H2_FILE_NAME));
            }
            for (Path file : files) {
                // Files older than the newest snapshot are in it: a compaction stopped before deleting them.
                if (snapshot.isEmpty() || generationOf(file) >= snapshot.getAsLong()) {
                    replay(file, isSnapshot(file), recovered);
                }
            }
            long next = files.stream().mapToLong(Journal::generationOf).max().orElse(0) + 1;
            return new Journal(directory, lock, compaction, createRecordFile(journalFile(directory, next)), next);
        } catch (IOException e) {
            release(lock);
            throw new UncheckedIOException("Cannot read the MongoDB data in " + directory, e);
        } catch (RuntimeException e) {
            release(lock);
            throw e;
        }
    }

    /**
     * Writes the snapshot of the journal just started, so that the files read at open can go, and from then on
     * compacts whenever the journal outgrows the policy.
     */
    void start(SnapshotSource snapshotSource) {
        this.source = snapshotSource;
        try {
            writeSnapshot(currentGeneration());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write a MongoDB snapshot in " + directory, e);
        }
    }

    /** Appends the records with one write; throws if the journal cannot be written, then and for every later write. */
    void append(JournalRecords records) {
        ByteBuffer bytes = records.bytes();
        int size = bytes.remaining();
        boolean compact;
        appendLock.lock();
        try {
            if (failure != null) {
                throw cannotWrite(failure);
            }
            try {
                write(journal, bytes);
            } catch (IOException e) {
                failure = e;
                throw cannotWrite(e);
            }
            journalBytes += size;
            compact = journalBytes >= compactionThreshold;
        } finally {
            appendLock.unlock();
        }
        if (compact && source != null && compactionRequested.compareAndSet(false, true)) {
            try {
                compactor.execute(this::compactInBackground);
            } catch (RejectedExecutionException e) {
                compactionRequested.set(false);
            }
        }
    }

    /** Waits until the compactions requested so far have run. */
    void awaitCompactions() {
        try {
            compactor.submit(() -> { }).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for a compaction", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    /** Waits for a running compaction, forces the journal to disk and releases the directory. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        compactor.shutdown();
        try {
            if (!compactor.awaitTermination(1, TimeUnit.MINUTES)) {
                log.warn("A compaction of {} did not end within a minute; closing anyway", directory);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        appendLock.lock();
        try {
            journal.force(false);
            journal.close();
        } catch (IOException e) {
            log.warn("Cannot close the journal in {}", directory, e);
        } finally {
            appendLock.unlock();
            release(lock);
        }
    }

    private void compactInBackground() {
        try {
            compact();
        } catch (IOException | RuntimeException e) {
            log.warn("Compaction of the MongoDB journal in {} failed; the next write past the threshold tries again",
                    directory, e);
        } finally {
            compactionRequested.set(false);
        }
    }

    private void compact() throws IOException {
        long next = currentGeneration() + 1;
        FileChannel nextJournal = createRecordFile(journalFile(directory, next));
        FileChannel previous;
        appendLock.lock();
        try {
            previous = journal;
            journal = nextJournal;
            generation = next;
            journalBytes = 0;
        } finally {
            appendLock.unlock();
        }
        previous.close();
        writeSnapshot(next);
    }

    private long currentGeneration() {
        appendLock.lock();
        try {
            return generation;
        } finally {
            appendLock.unlock();
        }
    }

    private void writeSnapshot(long snapshotGeneration) throws IOException {
        Path snapshot = snapshotFile(directory, snapshotGeneration);
        Path temporary = snapshot.resolveSibling(snapshot.getFileName() + TEMPORARY_SUFFIX);
        long snapshotBytes;
        try (FileChannel out = createRecordFile(temporary)) {
            SnapshotWriter writer = new SnapshotWriter(out);
            source.writeTo(writer);
            writer.flush();
            out.force(true);
            snapshotBytes = out.size();
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temporary);
            throw e;
        }
        Files.move(temporary, snapshot, StandardCopyOption.ATOMIC_MOVE);
        forceDirectory();
        for (Path file : recordFiles(directory)) {
            if (generationOf(file) < snapshotGeneration) {
                Files.deleteIfExists(file);
            }
        }
        appendLock.lock();
        try {
            compactionThreshold = Math.max(compaction.minJournalBytes(), compaction.journalToSnapshotRatio() * snapshotBytes);
        } finally {
            appendLock.unlock();
        }
    }

    /** Makes the rename durable; not every platform can open a directory, and there it is left to the system. */
    private void forceDirectory() {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            log.debug("Cannot force the directory {} to disk", directory, e);
        }
    }

    private MongoServerException cannotWrite(IOException cause) {
        return new MongoServerException("The MongoDB journal in " + directory + " cannot be written: " + cause, cause);
    }

    private static void replay(Path file, boolean snapshot, Consumer<JournalRecords.Change> recovered) throws IOException {
        long size = Files.size(file);
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            byte[] fileHeader = in.readNBytes(FILE_HEADER_BYTES);
            if (fileHeader.length < FILE_HEADER_BYTES) {
                if (snapshot || size > 0) {
                    damaged(file, snapshot, 0, size, "an incomplete file header", 0);
                }
                // Otherwise created by a process that stopped before it wrote the header: no records.
                return;
            }
            ByteBuffer header = ByteBuffer.wrap(fileHeader);
            if (header.getInt() != MAGIC || header.getInt() != FORMAT_VERSION) {
                throw new IllegalStateException(file + " is not a journal or snapshot of this MongoDB stand-in");
            }
            long offset = FILE_HEADER_BYTES;
            long records = 0;
            while (offset < size) {
                byte[] frameHeader = in.readNBytes(JournalRecords.FRAME_HEADER_BYTES);
                if (frameHeader.length < JournalRecords.FRAME_HEADER_BYTES) {
                    damaged(file, snapshot, offset, size, "an incomplete record header", records);
                    return;
                }
                ByteBuffer frame = ByteBuffer.wrap(frameHeader);
                int length = frame.getInt();
                int crc = frame.getInt();
                if (length <= 0 || length > JournalRecords.MAX_BODY_BYTES) {
                    damaged(file, snapshot, offset, size, "a record length of " + length, records);
                    return;
                }
                byte[] body = in.readNBytes(length);
                if (body.length < length) {
                    damaged(file, snapshot, offset, size, "a record cut short", records);
                    return;
                }
                if (!JournalRecords.hasValidChecksum(body, crc)) {
                    damaged(file, snapshot, offset, size, "a record whose checksum does not match", records);
                    return;
                }
                JournalRecords.Change change;
                try {
                    change = JournalRecords.decode(body);
                } catch (IllegalArgumentException e) {
                    damaged(file, snapshot, offset, size, "an unreadable record (" + e.getMessage() + ")", records);
                    return;
                }
                recovered.accept(change);
                records++;
                offset += JournalRecords.FRAME_HEADER_BYTES + length;
            }
        }
    }

    /**
     * A journal ends where its first damaged record starts: what a crash during a write leaves. A snapshot is
     * complete before it gets its name, so damage there is not a crash's and must not pass unnoticed.
     */
    private static void damaged(Path file, boolean snapshot, long offset, long size, String what, long records) {
        if (snapshot) {
            throw new IllegalStateException("The MongoDB snapshot " + file + " is damaged at byte " + offset + " ("
                    + what + "); move the directory away to start with no data");
        }
        log.warn("{}: dropping its last {} bytes, from byte {}, at {}: the last write of a process that stopped "
                + "during it, or damage; the {} records before it are kept", file, size - offset, offset, what, records);
    }

    private static FileLock lock(Path directory) {
        Path lockFile = directory.resolve(LOCK_FILE_NAME);
        FileChannel channel;
        try {
            channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot open " + lockFile, e);
        }
        FileLock lock = null;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            // Held by this JVM: another EmbeddedMongo on the same directory.
        } catch (IOException e) {
            closeQuietly(channel);
            throw new UncheckedIOException("Cannot lock " + lockFile, e);
        }
        if (lock == null) {
            closeQuietly(channel);
            throw new IllegalStateException("The MongoDB data directory " + directory
                    + " is in use by another instance (it holds the lock on " + lockFile + ")");
        }
        return lock;
    }

    private static void release(FileLock lock) {
        closeQuietly(lock.channel());
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            log.warn("Cannot close {}", channel, e);
        }
    }

    private static FileChannel createRecordFile(Path file) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        try {
            write(channel, ByteBuffer.allocate(FILE_HEADER_BYTES).putInt(MAGIC).putInt(FORMAT_VERSION).flip());
            return channel;
        } catch (IOException e) {
            closeQuietly(channel);
            throw e;
        }
    }

    private static void write(FileChannel channel, ByteBuffer bytes) throws IOException {
        while (bytes.hasRemaining()) {
            channel.write(bytes);
        }
    }

    /** The snapshots and journals, oldest generation first, a snapshot before the journal of its generation. */
    private static List<Path> recordFiles(Path directory) throws IOException {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> entries = Files.list(directory)) {
            entries.filter(file -> FILE_NAME.matcher(file.getFileName().toString()).matches()).forEach(files::add);
        }
        files.sort((a, b) -> {
            int byGeneration = Long.compare(generationOf(a), generationOf(b));
            return byGeneration != 0 ? byGeneration : Boolean.compare(!isSnapshot(a), !isSnapshot(b));
        });
        return files;
    }

    /** Snapshots that were never completed. */
    private static void deleteTemporaryFiles(Path directory) throws IOException {
        try (Stream<Path> entries = Files.list(directory)) {
            for (Path file : (Iterable<Path>) entries::iterator) {
                if (file.getFileName().toString().endsWith(TEMPORARY_SUFFIX)) {
                    Files.delete(file);
                }
            }
        }
    }

    private static long generationOf(Path file) {
        Matcher matcher = FILE_NAME.matcher(file.getFileName().toString());
        if (!matcher.matches()) {
            throw new IllegalArgumentException(file + " is not a snapshot or journal");
        }
        return Long.parseLong(matcher.group(1));
    }

    private static boolean isSnapshot(Path file) {
        return file.getFileName().toString().endsWith(SNAPSHOT_SUFFIX);
    }

    static Path snapshotFile(Path directory, long generation) {
        return directory.resolve(String.format("mongo-%010d%s", generation, SNAPSHOT_SUFFIX));
    }

    static Path journalFile(Path directory, long generation) {
        return directory.resolve(String.format("mongo-%010d%s", generation, JOURNAL_SUFFIX));
    }

    /**
     * When to compact: once the journal holds {@code journalToSnapshotRatio} times the bytes of the last snapshot,
     * and at least {@code minJournalBytes}.
     */
    record Compaction(long minJournalBytes, int journalToSnapshotRatio) {

        static final Compaction DEFAULT = new Compaction(32L * 1024 * 1024, 4);

        Compaction {
            if (minJournalBytes <= 0 || journalToSnapshotRatio <= 0) {
                throw new IllegalArgumentException("minJournalBytes and journalToSnapshotRatio must be positive");
            }
        }
    }

    /** The live data, written collection by collection. */
    @FunctionalInterface
    interface SnapshotSource {
        void writeTo(SnapshotWriter writer);
    }

    /** Puts documents into a snapshot through a buffer of about a mebibyte. */
    static final class SnapshotWriter {

        private final FileChannel out;
        private final JournalRecords records = new JournalRecords(SNAPSHOT_BUFFER_BYTES + (64 << 10));

        private SnapshotWriter(FileChannel out) {
            this.out = out;
        }

        void put(String database, String collection, Object key, Document document) {
            records.put(database, collection, key, document);
            if (records.size() >= SNAPSHOT_BUFFER_BYTES) {
                flush();
            }
        }

        private void flush() {
            try {
                write(out, records.bytes());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            records.clear();
        }
    }
}
