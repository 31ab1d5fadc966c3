package org.orderplatform.axonserver.store;

import org.orderplatform.axonserver.store.SegmentedLog.Stretch;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The {@code verify} and {@code salvage} commands on the data directory of a stopped server.
 * <p>
 * {@code verify} reads every segment of every context and reports each damaged stretch with its file, offset and the
 * tokens it held. {@code salvage} keeps every intact transaction and never hands a token out twice: where the number
 * of tokens a damaged stretch held is known (the next segment's first token, or the forced position, tells), the
 * intact transactions after it keep their tokens and the lost ones become empty entries that readers pass over; where
 * it is not, the rest of that segment is set aside and the next new token lies beyond any the damaged bytes could
 * have held. Damaged and set-aside bytes, and each segment as it was, are copied to {@code quarantine/}, never deleted.
 */
public final class StoreRepair {

    public static final Set<String> COMMANDS = Set.of("verify", "salvage");
    static final String ADVICE = "stop the server, then run the server's jar with `verify` to see the damage and "
            + "`salvage` to keep every intact transaction (axonserver/README.md, \"Damage\")";
    /** The fewest bytes an entry takes: its size and an event with no more than a one-character message id. */
    private static final int SMALLEST_ENTRY_BYTES = 7;
    private static final List<String[]> LOGS = List.of(new String[]{"events", ".events"},
            new String[]{"snapshots", ".snapshots"});

    private final PrintStream out;
    private boolean damaged;

    private StoreRepair(PrintStream out) {
        this.out = out;
    }

    /**
     * Runs {@code command} on every context in {@code dataDir}; 0 when the store is intact (verify) or was salvaged,
     * 1 when verify found damage, 2 when the command could not run (the server is running, say).
     */
    public static int run(String command, Path dataDir, PrintStream out) {
        StoreRepair repair = new StoreRepair(out);
        try (DataDirectoryLock lock = DataDirectoryLock.take(dataDir)) {
            for (Path context : contexts(dataDir)) {
                for (String[] log : LOGS) {
                    Path directory = context.resolve(log[0]);
                    if ("salvage".equals(command)) {
                        repair.salvage(directory, log[1]);
                    } else {
                        repair.verify(directory, log[1]);
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            out.println(command + " failed: " + e.getMessage());
            return 2;
        }
        if ("salvage".equals(command)) {
            out.println("Salvaged " + dataDir.toAbsolutePath() + "; the server opens it again.");
            return 0;
        }
        out.println(repair.damaged ? "Damage found in " + dataDir.toAbsolutePath() + "; `salvage` keeps every intact "
                + "transaction." : "Every segment in " + dataDir.toAbsolutePath() + " is intact.");
        return repair.damaged ? 1 : 0;
    }

    private static List<Path> contexts(Path dataDir) throws IOException {
        if (!Files.isDirectory(dataDir)) {
            throw new IOException("no data directory " + dataDir.toAbsolutePath());
        }
        try (Stream<Path> listing = Files.list(dataDir)) {
            return listing.filter(path -> Files.isDirectory(path.resolve("events"))).sorted().toList();
        }
    }

    // ---- verify

    private void verify(Path directory, String suffix) throws IOException {
        List<Path> files = SegmentedLog.segmentFiles(directory, suffix);
        Optional<ForcedPosition.Mark> mark = ForcedPosition.read(directory);
        long expectedFirst = 0;
        long entries = 0;
        for (int i = 0; i < files.size(); i++) {
            Path file = files.get(i);
            long first = SegmentedLog.firstTokenOf(file);
            if (first != expectedFirst) {
                report(file + ": starts at token " + first + " where token " + expectedFirst + " was due");
            }
            FoundSegment segment = FoundSegment.of(file, files, i, mark);
            for (Stretch stretch : segment.stretches) {
                if (stretch.intact()) {
                    continue;
                }
                if (segment.isTornTail(stretch)) {
                    out.println(file + " @" + stretch.offset() + ": " + stretch.length() + " bytes of a transaction "
                            + "torn by a crash before it was acknowledged; the next start moves them to quarantine");
                } else {
                    report(file + " @" + stretch.offset() + ": " + stretch.length() + " damaged bytes after token "
                            + (first + segment.entriesBefore(stretch) - 1) + segment.lostTokens(stretch)
                            .map(lost -> ", which held " + lost + " tokens").orElse(""));
                }
            }
            entries += segment.intactEntries();
            // An intact segment says where the next must start; a damaged one leaves it to the next file's name.
            expectedFirst = segment.damage().isEmpty() ? first + segment.intactEntries()
                    : segment.knownNextToken().orElse(first + segment.intactEntries());
        }
        if (mark.isPresent() && mark.get().nextToken() > expectedFirst) {
            report(directory + ": tokens up to " + (mark.get().nextToken() - 1) + " were forced, the segments hold "
                    + "tokens up to " + (expectedFirst - 1));
        }
        out.println(directory + ": " + files.size() + " segments, " + entries + " intact entries"
                + mark.map(m -> ", forced up to token " + (m.nextToken() - 1)).orElse(""));
    }

    private void report(String damage) {
        damaged = true;
        out.println("DAMAGED " + damage);
    }

    // ---- salvage

    private void salvage(Path directory, String suffix) throws IOException {
        List<Path> files = SegmentedLog.segmentFiles(directory, suffix);
        Optional<ForcedPosition.Mark> mark = ForcedPosition.read(directory);
        long expectedFirst = 0;
        Path last = null;
        long nextToken = 0;
        for (int i = 0; i < files.size(); i++) {
            Path file = files.get(i);
            long first = SegmentedLog.firstTokenOf(file);
            if (first > expectedFirst) {
                // A whole segment is missing: its tokens become a gap of their own.
                Path filled = SegmentedLog.Segment.file(directory, suffix, expectedFirst);
                writeSegment(filled, List.of(Copy.gap(first - expectedFirst)));
                out.println("Salvaged " + filled + ": the missing tokens " + expectedFirst + " to " + (first - 1)
                        + " are kept as empty entries");
            } else if (first < expectedFirst) {
                throw new IOException(file + " starts at token " + first + ", inside the segment before it; "
                        + "move one of them away by hand");
            }
            FoundSegment segment = FoundSegment.of(file, files, i, mark);
            nextToken = segment.salvage(this);
            expectedFirst = nextToken;
            last = file;
        }
        if (mark.isPresent() && mark.get().nextToken() > nextToken) {
            // The segments that held the last forced tokens are gone: their tokens were handed out all the same.
            last = SegmentedLog.Segment.file(directory, suffix, nextToken);
            writeSegment(last, List.of(Copy.gap(mark.get().nextToken() - nextToken)));
            out.println("Salvaged " + last + ": the missing forced tokens " + nextToken + " to "
                    + (mark.get().nextToken() - 1) + " are kept as empty entries");
            nextToken = mark.get().nextToken();
        }
        if (last != null) {
            try (ForcedPosition forced = ForcedPosition.open(directory)) {
                forced.recordNow(new ForcedPosition.Mark(SegmentedLog.firstTokenOf(last), Files.size(last), nextToken));
            }
        }
    }

    /** Writes a new segment of the given parts, forced. */
    private static void writeSegment(Path target, List<Copy> copies) throws IOException {
        try (FileChannel channel = FileChannel.open(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            long position = 0;
            for (Copy copy : copies) {
                position += copy.writeTo(channel, position);
            }
            channel.force(true);
        }
        syncDirectory(target.getParent());
    }

    private static void syncDirectory(Path directory) throws IOException {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    /** What goes into a salvaged segment: an intact record copied from the old file, or a gap of tokens. */
    private record Copy(Path source, Stretch stretch, long gapTokens) {

        static Copy record(Path source, Stretch stretch) {
            return new Copy(source, stretch, 0);
        }

        static Copy gap(long tokens) {
            return new Copy(null, null, tokens);
        }

        long writeTo(FileChannel target, long position) throws IOException {
            if (stretch == null) {
                long written = 0;
                for (long left = gapTokens; left > 0; ) {
                    int count = (int) Math.min(left, SegmentedLog.maxEntriesPerRecord());
                    ByteBuffer gap = SegmentedLog.gapRecord(count);
                    while (gap.hasRemaining()) {
                        written += target.write(gap, position + written);
                    }
                    left -= count;
                }
                return written;
            }
            try (FileChannel from = FileChannel.open(source, StandardOpenOption.READ)) {
                long copied = 0;
                while (copied < stretch.length()) {
                    copied += from.transferTo(stretch.offset() + copied, stretch.length() - copied,
                            target.position(position + copied));
                }
                return copied;
            }
        }
    }

    /** One segment file as found, with what the files around it and the forced position say about its tokens. */
    private record FoundSegment(Path file, long firstToken, List<Stretch> stretches, Long nextSegmentFirst,
                           ForcedPosition.Mark mark) {

        static FoundSegment of(Path file, List<Path> files, int index, Optional<ForcedPosition.Mark> mark)
                throws IOException {
            long first = SegmentedLog.firstTokenOf(file);
            Long next = index < files.size() - 1 ? SegmentedLog.firstTokenOf(files.get(index + 1)) : null;
            ForcedPosition.Mark ofThis = next == null ? mark.filter(m -> m.segmentFirstToken() == first).orElse(null)
                    : null;
            return new FoundSegment(file, first, SegmentedLog.stretches(file), next, ofThis);
        }

        boolean isTornTail(Stretch stretch) {
            boolean lastStretch = stretches.get(stretches.size() - 1) == stretch;
            return nextSegmentFirst == null && lastStretch && stretch.offset() >= (mark == null ? 0 : mark.end());
        }

        long intactEntries() {
            return stretches.stream().filter(Stretch::intact).mapToLong(Stretch::entries).sum();
        }

        long entriesBefore(Stretch stretch) {
            return stretches.stream().filter(s -> s.intact() && s.offset() < stretch.offset())
                    .mapToLong(Stretch::entries).sum();
        }

        /** The token after this segment's last, when another segment or the forced position says it. */
        Optional<Long> knownNextToken() {
            if (nextSegmentFirst != null) {
                return Optional.of(nextSegmentFirst);
            }
            if (mark == null) {
                return Optional.empty();
            }
            // Intact records past the forced position came after it (a power loss leaves the record behind).
            long after = stretches.stream().filter(s -> s.intact() && s.offset() >= mark.end())
                    .mapToLong(Stretch::entries).sum();
            return Optional.of(mark.nextToken() + after);
        }

        List<Stretch> damage() {
            return stretches.stream().filter(s -> !s.intact() && !isTornTail(s)).toList();
        }

        /** The tokens a damaged stretch held, when it is the segment's only damage and the next token is known. */
        Optional<Long> lostTokens(Stretch stretch) {
            List<Stretch> damage = damage();
            if (damage.size() != 1 || damage.get(0) != stretch) {
                return Optional.empty();
            }
            return knownNextToken().map(next -> next - firstToken - intactEntries()).filter(lost -> lost >= 0);
        }

        /** Rewrites the segment if it is damaged, returning the token after it. */
        long salvage(StoreRepair repair) throws IOException {
            List<Stretch> damage = damage();
            Stretch tornTail = stretches.isEmpty() ? null : stretches.get(stretches.size() - 1);
            boolean torn = tornTail != null && !tornTail.intact() && isTornTail(tornTail);
            if (damage.isEmpty() && !torn) {
                return firstToken + intactEntries();
            }
            Path original = SegmentedLog.quarantine(file, 0, Files.size(file));
            List<Copy> copies = new ArrayList<>();
            long next;
            Optional<Long> exactLoss = damage.size() == 1 ? lostTokens(damage.get(0)) : Optional.empty();
            if (damage.isEmpty() || exactLoss.isPresent()) {
                for (Stretch stretch : stretches) {
                    if (stretch.intact()) {
                        copies.add(Copy.record(file, stretch));
                    } else if (!isTornTail(stretch)) {
                        copies.add(Copy.gap(exactLoss.get()));
                        repair.out.println("Salvaged " + file + " @" + stretch.offset() + ": its " + exactLoss.get()
                                + " lost tokens are kept as empty entries; every later transaction keeps its token");
                    }
                }
                next = firstToken + intactEntries() + exactLoss.orElse(0L);
            } else {
                Stretch from = damage.get(0);
                long kept = entriesBefore(from);
                long fileSize = Files.size(file);
                long gap = knownNextToken().map(known -> known - firstToken - kept).filter(left -> left >= 0)
                        .orElse((fileSize - from.offset() + SMALLEST_ENTRY_BYTES - 1) / SMALLEST_ENTRY_BYTES);
                stretches.stream().filter(s -> s.intact() && s.offset() < from.offset())
                        .forEach(s -> copies.add(Copy.record(file, s)));
                copies.add(Copy.gap(gap));
                repair.out.println("Salvaged " + file + ": kept the transactions before byte " + from.offset()
                        + "; the rest, with damage whose tokens cannot be told apart, is set aside with the segment "
                        + "as it was, and " + gap + " tokens are kept as empty entries so that none is handed out twice");
                next = firstToken + kept + gap;
            }
            Path rewritten = file.resolveSibling(file.getFileName() + ".salvaged");
            Files.deleteIfExists(rewritten);
            writeSegment(rewritten, copies);
            Files.move(rewritten, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            syncDirectory(file.getParent());
            repair.out.println("  " + file.getFileName() + " as it was: " + original);
            return next;
        }
    }
}
