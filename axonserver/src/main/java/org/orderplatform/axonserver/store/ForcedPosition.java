package org.orderplatform.axonserver.store;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.zip.CRC32;

/**
 * The record, beside a log's segments, of how far its active segment was forced: everything below it was durable
 * before any reader or client saw it, so damage below it is damage to acknowledged transactions, never a crash's
 * torn tail, and must not be truncated.
 * <p>
 * It is written after every force of the log and forced itself at most once per {@link #FORCE_INTERVAL_NANOS}: a
 * process that dies (even by {@code kill -9}) leaves it exact, since the kernel still writes it out, and a power loss
 * leaves it at most that interval behind, never ahead, as the log was forced first. Two slots in separate sectors
 * take turns, so a write torn by a power loss spoils only the newer one.
 */
final class ForcedPosition implements Closeable {

    static final String FILE = "forced-position";
    private static final long FORCE_INTERVAL_NANOS = 1_000_000_000L;
    private static final int SLOT_SPACING = 512;
    private static final int SLOT_BYTES = 4 * Long.BYTES + Integer.BYTES;

    /** The active segment (by its first token), its forced length in bytes, and the next token after it. */
    record Mark(long segmentFirstToken, long end, long nextToken) {
    }

    private final FileChannel channel;
    private final ByteBuffer slot = ByteBuffer.allocate(SLOT_BYTES);
    private long version;
    private long forcedNanos = System.nanoTime();
    private boolean forcePending;
    private final Mark last;

    private ForcedPosition(FileChannel channel, long version, Mark last) {
        this.channel = channel;
        this.version = version;
        this.last = last;
    }

    static ForcedPosition open(Path directory) throws IOException {
        FileChannel channel = FileChannel.open(directory.resolve(FILE), StandardOpenOption.CREATE,
                StandardOpenOption.READ, StandardOpenOption.WRITE);
        try {
            long newestVersion = -1;
            Mark newest = null;
            for (int index = 0; index < 2; index++) {
                ByteBuffer read = ByteBuffer.allocate(SLOT_BYTES);
                channel.read(read, (long) index * SLOT_SPACING);
                if (read.position() < SLOT_BYTES) {
                    continue;
                }
                long slotVersion = read.getLong(0);
                if (slotVersion > newestVersion && read.getInt(4 * Long.BYTES) == checksum(read)) {
                    newestVersion = slotVersion;
                    newest = new Mark(read.getLong(8), read.getLong(16), read.getLong(24));
                }
            }
            return new ForcedPosition(channel, Math.max(0, newestVersion), newest);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** Reads the record of a log without taking it over, for a look at a store that is not running. */
    static Optional<Mark> read(Path directory) throws IOException {
        if (!Files.exists(directory.resolve(FILE))) {
            return Optional.empty();
        }
        try (ForcedPosition position = open(directory)) {
            return position.recorded();
        }
    }

    /** What the record held when it was opened; empty for a log written before it existed. */
    Optional<Mark> recorded() {
        return Optional.ofNullable(last);
    }

    /** Records a position the log has just forced; it is forced too once the interval since the last has passed. */
    void record(Mark mark) throws IOException {
        write(mark);
        if (System.nanoTime() - forcedNanos >= FORCE_INTERVAL_NANOS) {
            force();
        } else {
            forcePending = true;
        }
    }

    /** Records and forces at once: for a segment roll, a rollback or a recovery, which change what is below it. */
    void recordNow(Mark mark) throws IOException {
        write(mark);
        force();
    }

    private void write(Mark mark) throws IOException {
        version++;
        slot.clear();
        slot.putLong(version).putLong(mark.segmentFirstToken()).putLong(mark.end()).putLong(mark.nextToken());
        slot.putInt(checksum(slot));
        slot.flip();
        long at = (version % 2) * SLOT_SPACING;
        while (slot.hasRemaining()) {
            at += channel.write(slot, at);
        }
    }

    private void force() throws IOException {
        channel.force(false);
        forcedNanos = System.nanoTime();
        forcePending = false;
    }

    private static int checksum(ByteBuffer slot) {
        CRC32 crc = new CRC32();
        crc.update(slot.array(), 0, 4 * Long.BYTES);
        return (int) crc.getValue();
    }

    @Override
    public void close() throws IOException {
        try {
            if (forcePending) {
                force();
            }
        } finally {
            channel.close();
        }
    }
}
