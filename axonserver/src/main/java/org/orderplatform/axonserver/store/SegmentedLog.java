package org.orderplatform.axonserver.store;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.zip.CRC32;

/**
 * An append-only log of transactions, each a group of opaque entries that become readable together, numbered by a
 * dense token from 0.
 * <p>
 * A segment file is named after the token of its first entry and holds records
 * {@code [int length][int crc32][int count]{[int size][bytes]}*}, where length counts the bytes after the CRC and the
 * CRC covers them. Opening the log scans every record. A record cut short or failing its CRC past the log's
 * {@link ForcedPosition} is the tail a crash left before its force completed: its bytes are moved to
 * {@code quarantine/} and the segment truncated. Below that position it is damage to acknowledged transactions, and the
 * log refuses to open, naming file and offset, for {@link StoreRepair} to verify and salvage.
 * <p>
 * An empty entry holds no event: it keeps the token of one that salvage could not recover, so no token is handed
 * out twice, and readers pass over it.
 * <p>
 * One thread writes ({@link #append}, {@link #commit}, {@link #rollback}); any thread reads, and only sees entries
 * up to the last commit, whose bytes are immutable.
 */
final class SegmentedLog implements Closeable {

    static final int MAX_RECORD_BYTES = 256 * 1024 * 1024;
    private static final Logger log = LoggerFactory.getLogger(SegmentedLog.class);
    private static final int RECORD_PREFIX = 8;
    private static final int RECORD_HEADER = 12;
    /** Marks the offset of the first entry of a record, so a reader can find where that record starts. */
    private static final int RECORD_START = 1 << 30;
    private static final int OFFSET_MASK = RECORD_START - 1;
    /** The write buffer's size between batches; a larger batch grows it for its own commit only. */
    private static final int PENDING_BYTES = 1024 * 1024;
    static final String QUARANTINE = "quarantine";

    private final Path directory;
    private final String suffix;
    private final long segmentBytes;
    private volatile Segment[] segments;
    private volatile Head head;

    private final CRC32 crc = new CRC32();
    private ForcedPosition forced;
    private ByteBuffer pending = ByteBuffer.allocate(PENDING_BYTES);
    private long nextToken;

    /** What readers may see: every entry before {@code nextToken}, which ends at {@code end} in {@code segment}. */
    record Head(long nextToken, Segment segment, long end) {
    }

    /** Receives each entry found while a log is opened. */
    interface EntryVisitor {
        void visit(long token, ByteBuffer entry);
    }

    private SegmentedLog(Path directory, String suffix, long segmentBytes) {
        this.directory = directory;
        this.suffix = suffix;
        this.segmentBytes = Math.min(segmentBytes, OFFSET_MASK - MAX_RECORD_BYTES - 64L * 1024 * 1024);
    }

    static SegmentedLog open(Path directory, String suffix, long segmentBytes, EntryVisitor visitor) throws IOException {
        Files.createDirectories(directory);
        SegmentedLog segmentedLog = new SegmentedLog(directory, suffix, segmentBytes);
        segmentedLog.recover(visitor);
        return segmentedLog;
    }

    private void recover(EntryVisitor visitor) throws IOException {
        List<Path> files = segmentFiles(directory, suffix);
        Optional<ForcedPosition.Mark> mark = ForcedPosition.read(directory);
        List<Segment> opened = new ArrayList<>();
        try {
            long token = recover(files, mark, visitor, opened);
            if (opened.isEmpty()) {
                opened.add(Segment.create(Segment.file(directory, suffix, 0), 0));
                syncDirectory();
            }
            for (int i = 0; i < opened.size() - 1; i++) {
                opened.get(i).sealedSize = opened.get(i).size;
            }
            segments = opened.toArray(Segment[]::new);
            nextToken = token;
            Segment last = opened.get(opened.size() - 1);
            head = new Head(nextToken, last, last.size);
            forced = ForcedPosition.open(directory);
            forced.recordNow(new ForcedPosition.Mark(last.firstToken, last.size, nextToken));
        } catch (IOException | RuntimeException e) {
            for (Segment segment : opened) {
                segment.channel.close();
            }
            throw e;
        }
    }

    private long recover(List<Path> files, Optional<ForcedPosition.Mark> mark, EntryVisitor visitor,
                         List<Segment> opened) throws IOException {
        long token = 0;
        for (int i = 0; i < files.size(); i++) {
            Path file = files.get(i);
            long firstToken = firstTokenOf(file);
            if (firstToken != token) {
                throw new IOException("segment " + file + " should start at token " + token + "; "
                        + StoreRepair.ADVICE);
            }
            Segment segment = Segment.open(file, firstToken);
            opened.add(segment);
            long end = scan(segment, visitor);
            token = firstToken + segment.offsets.size();
            long size = segment.channel.size();
            boolean last = i == files.size() - 1;
            long acknowledged = mark.filter(m -> m.segmentFirstToken() == firstToken).map(ForcedPosition.Mark::end)
                    .orElse(0L);
            if (end < size && !last || end < acknowledged) {
                throw new IOException("segment " + file + " is damaged at byte " + end + ", before "
                        + (last ? "the " + acknowledged + " bytes acknowledged as forced" : "its end")
                        + "; the transactions from there on were acknowledged. " + StoreRepair.ADVICE);
            }
            if (end < size) {
                Path kept = quarantine(file, end, size);
                log.warn("Moved the {} bytes of {} from byte {}, a transaction cut short by a crash before it was "
                        + "acknowledged, to {}", size - end, file, end, kept);
                segment.channel.truncate(end);
                segment.channel.force(true);
            }
            segment.size = end;
        }
        if (mark.isPresent() && mark.get().nextToken() > token) {
            throw new IOException("the segments of tokens " + token + " to " + (mark.get().nextToken() - 1) + " in "
                    + directory + " are missing, though they were forced; " + StoreRepair.ADVICE);
        }
        return token;
    }

    static List<Path> segmentFiles(Path directory, String suffix) throws IOException {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> listing = Files.list(directory)) {
            return listing.filter(p -> p.getFileName().toString().endsWith(suffix)).sorted().toList();
        }
    }

    static long firstTokenOf(Path segmentFile) {
        String name = segmentFile.getFileName().toString();
        return Long.parseLong(name.substring(0, name.indexOf('.')));
    }

    /** Copies {@code [from, to)} of a segment to {@code quarantine/} beside it, forced, and returns the copy. */
    static Path quarantine(Path segmentFile, long from, long to) throws IOException {
        Path directory = segmentFile.resolveSibling(QUARANTINE);
        Files.createDirectories(directory);
        Path copy = directory.resolve(segmentFile.getFileName() + "@" + from);
        try (FileChannel source = FileChannel.open(segmentFile, StandardOpenOption.READ);
             FileChannel target = FileChannel.open(copy, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                     StandardOpenOption.TRUNCATE_EXISTING)) {
            long copied = 0;
            while (copied < to - from) {
                copied += source.transferTo(from + copied, to - from - copied, target);
            }
            target.force(true);
        }
        return copy;
    }

    /** Reads the valid records of a segment, returning where they end. */
    private long scan(Segment segment, EntryVisitor visitor) throws IOException {
        long size = segment.channel.size();
        Window window = new Window(segment.channel, 1024 * 1024);
        CRC32 check = new CRC32();
        long position = 0;
        long token = segment.firstToken;
        int length;
        while ((length = recordLength(window, position, size, check)) > 0) {
            int count = window.getInt(position + RECORD_PREFIX);
            long entry = position + RECORD_HEADER;
            for (int i = 0; i < count; i++) {
                int entrySize = window.getInt(entry);
                segment.offsets.add((int) entry | (i == 0 ? RECORD_START : 0));
                if (entrySize > 0) {
                    visitor.visit(token, window.slice(entry + 4, entrySize));
                }
                token++;
                entry += 4 + entrySize;
            }
            position += length;
        }
        return position;
    }

    /** The bytes of the intact record at {@code position}, with its prefix; 0 if there is none there. */
    private static int recordLength(Window window, long position, long size, CRC32 check) throws IOException {
        if (!window.ensure(position, RECORD_HEADER, size)) {
            return 0;
        }
        int length = window.getInt(position);
        int expectedCrc = window.getInt(position + 4);
        if (length < 4 || length > MAX_RECORD_BYTES || !window.ensure(position + RECORD_PREFIX, length, size)) {
            return 0;
        }
        ByteBuffer body = window.slice(position + RECORD_PREFIX, length);
        check.reset();
        check.update(body.duplicate());
        if ((int) check.getValue() != expectedCrc || !wellFormed(body)) {
            return 0;
        }
        return RECORD_PREFIX + length;
    }

    /**
     * A stretch of a segment file: an intact record of {@code entries} entries, or damaged bytes ({@code entries}
     * -1) up to the next intact record or the end of the file.
     */
    record Stretch(long offset, long length, int entries) {
        boolean intact() {
            return entries >= 0;
        }
    }

    /** The intact records and damaged stretches of a segment file, in order, finding intact records past damage. */
    static List<Stretch> stretches(Path segmentFile) throws IOException {
        List<Stretch> found = new ArrayList<>();
        try (FileChannel channel = FileChannel.open(segmentFile, StandardOpenOption.READ)) {
            long size = channel.size();
            Window window = new Window(channel, 1024 * 1024);
            CRC32 check = new CRC32();
            long position = 0;
            long damagedFrom = -1;
            while (position < size) {
                int length = recordLength(window, position, size, check);
                if (length == 0) {
                    if (damagedFrom < 0) {
                        damagedFrom = position;
                    }
                    position++;
                    continue;
                }
                if (damagedFrom >= 0) {
                    found.add(new Stretch(damagedFrom, position - damagedFrom, -1));
                    damagedFrom = -1;
                }
                found.add(new Stretch(position, length, window.getInt(position + RECORD_PREFIX)));
                position += length;
            }
            if (damagedFrom >= 0) {
                found.add(new Stretch(damagedFrom, size - damagedFrom, -1));
            }
        }
        return found;
    }

    /** A record of {@code count} empty entries, holding tokens whose events could not be recovered. */
    static ByteBuffer gapRecord(int count) {
        int length = 4 + 4 * count;
        ByteBuffer record = ByteBuffer.allocate(RECORD_PREFIX + length);
        record.putInt(length).putInt(0).putInt(count);
        CRC32 check = new CRC32();
        check.update(record.array(), RECORD_PREFIX, length);
        record.putInt(4, (int) check.getValue());
        return record.rewind();
    }

    /** The most entries one record may hold, so that a gap of any size is written as several records. */
    static int maxEntriesPerRecord() {
        return (MAX_RECORD_BYTES - 4) / 4;
    }

    private static boolean wellFormed(ByteBuffer body) {
        int at = body.position();
        int end = at + body.remaining();
        int count = body.getInt(at);
        at += 4;
        for (int i = 0; i < count; i++) {
            if (at + 4 > end) {
                return false;
            }
            int size = body.getInt(at);
            if (size < 0 || at + 4L + size > end) {
                return false;
            }
            at += 4 + size;
        }
        return count > 0 && at == end;
    }

    /** Starts a new segment when the current one is full; call between transactions only. */
    void rollIfFull() throws IOException {
        Segment active = active();
        if (active.size < segmentBytes || active.offsets.size() == 0) {
            return;
        }
        Path file = Segment.file(directory, suffix, nextToken);
        Segment next;
        try {
            // A roll that failed before (its directory entry not forced, say) may have left the file behind, empty:
            // nothing is ever written to a segment before the roll completes, so it is made anew.
            if (Files.exists(file) && Files.size(file) == 0) {
                Files.delete(file);
            }
            next = Segment.create(file, nextToken);
        } catch (IOException | RuntimeException e) {
            throw new IOException("cannot start segment " + file + ": " + e.getMessage(), e);
        }
        try {
            syncDirectory();
            forced.recordNow(new ForcedPosition.Mark(nextToken, 0, nextToken));
        } catch (IOException | RuntimeException e) {
            next.channel.close();
            throw e;
        }
        active.sealedSize = active.size;
        Segment[] extended = Arrays.copyOf(segments, segments.length + 1);
        extended[segments.length] = next;
        segments = extended;
    }

    /** Buffers one transaction; it reaches the file on {@link #commit()}. Returns the token of its first entry. */
    long append(List<byte[]> entries) {
        int length = 4;
        for (byte[] entry : entries) {
            length += 4 + entry.length;
        }
        ensurePending(RECORD_PREFIX + length);
        Segment active = active();
        long recordStart = active.size + pending.position();
        pending.putInt(length);
        int crcAt = pending.position();
        pending.putInt(0);
        int bodyStart = pending.position();
        pending.putInt(entries.size());
        long entryOffset = recordStart + RECORD_HEADER;
        boolean first = true;
        for (byte[] entry : entries) {
            active.offsets.add((int) entryOffset | (first ? RECORD_START : 0));
            first = false;
            pending.putInt(entry.length);
            pending.put(entry);
            entryOffset += 4 + entry.length;
        }
        crc.reset();
        crc.update(pending.array(), bodyStart, pending.position() - bodyStart);
        pending.putInt(crcAt, (int) crc.getValue());
        long firstToken = nextToken;
        nextToken += entries.size();
        return firstToken;
    }

    private void ensurePending(int bytes) {
        if (pending.remaining() < bytes) {
            ByteBuffer larger = ByteBuffer.allocate(Math.max(pending.capacity() * 2, pending.position() + bytes));
            pending.flip();
            larger.put(pending);
            pending = larger;
        }
    }

    /** Writes and forces the buffered transactions, without yet showing them to readers. */
    void commit() throws IOException {
        if (pending.position() == 0) {
            return;
        }
        Segment active = active();
        pending.flip();
        long position = active.size;
        while (pending.hasRemaining()) {
            position += active.channel.write(pending, position);
        }
        active.channel.force(false);
        active.size = position;
        releasePending();
        forced.record(new ForcedPosition.Mark(active.firstToken, position, nextToken));
    }

    /** Empties the write buffer, giving back what a large batch made it grow to, so one batch's peak is not kept. */
    private void releasePending() {
        if (pending.capacity() > PENDING_BYTES) {
            pending = ByteBuffer.allocate(PENDING_BYTES);
        } else {
            pending.clear();
        }
    }

    /** Shows every committed transaction to readers. */
    void publish() {
        Segment active = active();
        head = new Head(nextToken, active, active.size);
    }

    /** Drops whatever was appended or written since the last publish. */
    void rollback() throws IOException {
        releasePending();
        Head published = head;
        Segment active = active();
        long keep = active == published.segment ? published.end : 0;
        active.offsets.truncate((int) (published.nextToken - active.firstToken));
        nextToken = published.nextToken;
        // Lowered first: a crash before the truncation then finds more than recorded, never less.
        forced.recordNow(new ForcedPosition.Mark(active.firstToken, keep, nextToken));
        if (active.channel.size() > keep) {
            active.channel.truncate(keep);
            active.channel.force(true);
        }
        active.size = keep;
    }

    Head head() {
        return head;
    }

    long sizeInBytes() {
        Head current = head;
        long total = 0;
        for (Segment segment : segments) {
            if (segment == current.segment) {
                return total + current.end;
            }
            total += segment.sealedSize;
        }
        return total;
    }

    /** Reads one published entry. */
    byte[] read(long token) throws IOException {
        Head current = head;
        if (token < 0 || token >= current.nextToken) {
            throw new IllegalArgumentException("no entry " + token);
        }
        Segment segment = segmentFor(token);
        long offset = segment.offsets.get((int) (token - segment.firstToken)) & OFFSET_MASK;
        ByteBuffer size = ByteBuffer.allocate(4);
        readFully(segment.channel, size, offset);
        byte[] entry = new byte[size.getInt(0)];
        readFully(segment.channel, ByteBuffer.wrap(entry), offset + 4);
        return entry;
    }

    private static void readFully(FileChannel channel, ByteBuffer target, long position) throws IOException {
        while (target.hasRemaining()) {
            int read = channel.read(target, position + target.position());
            if (read < 0) {
                throw new IOException("unexpected end of log at " + position);
            }
        }
    }

    /** A sequential reader from {@code token} on; it sees entries as they are published. */
    Cursor cursor(long token) {
        return new Cursor(Math.max(0, token));
    }

    private Segment segmentFor(long token) {
        Segment[] all = segments;
        int low = 0;
        int high = all.length - 1;
        while (low < high) {
            int middle = (low + high + 1) >>> 1;
            if (all[middle].firstToken <= token) {
                low = middle;
            } else {
                high = middle - 1;
            }
        }
        return all[low];
    }

    private Segment segmentAfter(Segment segment) {
        Segment[] all = segments;
        for (int i = 0; i < all.length - 1; i++) {
            if (all[i] == segment) {
                return all[i + 1];
            }
        }
        throw new IllegalStateException("no segment after " + segment.firstToken);
    }

    private Segment active() {
        Segment[] all = segments;
        return all[all.length - 1];
    }

    private void syncDirectory() throws IOException {
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        }
    }

    @Override
    public void close() throws IOException {
        try {
            forced.close();
        } finally {
            for (Segment segment : segments) {
                segment.channel.close();
            }
        }
    }

    final class Cursor {

        private final long from;
        private final Window window = new Window(null, 256 * 1024);
        private Segment segment;
        private long recordPosition;
        private long entryPosition;
        private int remaining;
        private long token;
        private ByteBuffer entry;

        private Cursor(long from) {
            this.from = from;
            Head current = head;
            if (from >= current.nextToken) {
                segment = current.segment;
                recordPosition = current.end;
                token = current.nextToken;
            } else {
                segment = segmentFor(from);
                int index = (int) (from - segment.firstToken);
                while ((segment.offsets.get(index) & RECORD_START) == 0) {
                    index--;
                }
                recordPosition = (segment.offsets.get(index) & OFFSET_MASK) - RECORD_HEADER;
                token = segment.firstToken + index;
            }
            window.channel = segment.channel;
        }

        /** Moves to the next published entry, returning false when there is none yet. */
        boolean next() throws IOException {
            while (true) {
                Head current = head;
                long limit = segment == current.segment ? current.end : segment.sealedSize;
                if (remaining > 0) {
                    window.ensure(entryPosition, 4, limit);
                    int size = window.getInt(entryPosition);
                    window.ensure(entryPosition + 4, size, limit);
                    entry = window.slice(entryPosition + 4, size);
                    entryPosition += 4 + size;
                    remaining--;
                    if (token++ >= from && size > 0) {
                        return true;
                    }
                    continue;
                }
                if (recordPosition < limit) {
                    window.ensure(recordPosition, RECORD_HEADER, limit);
                    int length = window.getInt(recordPosition);
                    remaining = window.getInt(recordPosition + RECORD_PREFIX);
                    entryPosition = recordPosition + RECORD_HEADER;
                    recordPosition += RECORD_PREFIX + length;
                    continue;
                }
                if (segment == current.segment) {
                    return false;
                }
                segment = segmentAfter(segment);
                window.channel = segment.channel;
                window.invalidate();
                recordPosition = 0;
            }
        }

        /** The token of the current entry. */
        long token() {
            return token - 1;
        }

        /** The current entry's bytes, valid until the next move. */
        ByteBuffer entry() {
            return entry;
        }
    }

    /** A buffered view of a file region; it only ever holds bytes below the limit it was filled with. */
    private static final class Window {

        private FileChannel channel;
        private ByteBuffer buffer;
        private long start;
        private int length;

        Window(FileChannel channel, int capacity) {
            this.channel = channel;
            this.buffer = ByteBuffer.allocate(capacity);
        }

        void invalidate() {
            length = 0;
        }

        /** Makes {@code [position, position + bytes)} available; false when that passes {@code limit}. */
        boolean ensure(long position, int bytes, long limit) throws IOException {
            if (position + bytes > limit) {
                return false;
            }
            if (position >= start && position + bytes <= start + length) {
                return true;
            }
            if (bytes > buffer.capacity()) {
                buffer = ByteBuffer.allocate(bytes);
            }
            buffer.clear();
            buffer.limit((int) Math.min(buffer.capacity(), limit - position));
            while (buffer.position() < bytes) {
                if (channel.read(buffer, position + buffer.position()) < 0) {
                    throw new IOException("unexpected end of log at " + position);
                }
            }
            start = position;
            length = buffer.position();
            return true;
        }

        int getInt(long position) {
            return buffer.getInt((int) (position - start));
        }

        ByteBuffer slice(long position, int bytes) {
            return ByteBuffer.wrap(buffer.array(), (int) (position - start), bytes);
        }
    }

    static final class Segment {

        final long firstToken;
        final FileChannel channel;
        final IntArray offsets = new IntArray();
        /** Bytes written and forced; writer thread only. */
        long size;
        /** Final size once a later segment exists, -1 before. */
        volatile long sealedSize = -1;

        private Segment(long firstToken, FileChannel channel) {
            this.firstToken = firstToken;
            this.channel = channel;
        }

        static Segment open(Path file, long firstToken) throws IOException {
            return new Segment(firstToken, FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE));
        }

        static Path file(Path directory, String suffix, long firstToken) {
            return directory.resolve(String.format("%020d%s", firstToken, suffix));
        }

        static Segment create(Path file, long firstToken) throws IOException {
            return new Segment(firstToken, FileChannel.open(file, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.READ, StandardOpenOption.WRITE));
        }
    }

    /** A growable int array that one thread appends to while others read published entries. */
    static final class IntArray {

        private volatile int[] values = new int[1024];
        private int size;

        void add(int value) {
            int[] current = values;
            if (size == current.length) {
                current = Arrays.copyOf(current, size * 2);
                values = current;
            }
            current[size++] = value;
        }

        int get(int index) {
            return values[index];
        }

        int size() {
            return size;
        }

        void truncate(int newSize) {
            size = newSize;
        }
    }
}
