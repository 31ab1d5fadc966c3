package org.orderplatform.axonserver.store;

import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;

/** The snapshots of each aggregate by sequence; a later snapshot for the same sequence replaces the earlier one. */
final class SnapshotIndex {

    private final ConcurrentHashMap<String, Entries> byAggregate = new ConcurrentHashMap<>();

    void add(String aggregateId, long sequence, long token) {
        byAggregate.compute(aggregateId, (id, entries) -> entries == null
                ? new Entries(new long[]{sequence}, new long[]{token})
                : entries.with(sequence, token));
    }

    /** Tokens of the snapshots with a sequence in {@code from..to}, highest sequence first, at most {@code limit}. */
    long[] newestFirst(String aggregateId, long from, long to, int limit) {
        Entries entries = byAggregate.get(aggregateId);
        if (entries == null) {
            return new long[0];
        }
        long[] found = new long[Math.min(limit, entries.sequences.length)];
        int count = 0;
        for (int i = entries.sequences.length - 1; i >= 0 && count < found.length; i--) {
            long sequence = entries.sequences[i];
            if (sequence >= from && sequence <= to) {
                found[count++] = entries.tokens[i];
            }
        }
        return Arrays.copyOf(found, count);
    }

    /** Immutable; replaced on every change so readers never see one half updated. */
    private record Entries(long[] sequences, long[] tokens) {

        Entries with(long sequence, long token) {
            int at = Arrays.binarySearch(sequences, sequence);
            if (at >= 0) {
                long[] replaced = tokens.clone();
                replaced[at] = token;
                return new Entries(sequences, replaced);
            }
            int insert = -at - 1;
            long[] newSequences = new long[sequences.length + 1];
            long[] newTokens = new long[tokens.length + 1];
            System.arraycopy(sequences, 0, newSequences, 0, insert);
            System.arraycopy(tokens, 0, newTokens, 0, insert);
            newSequences[insert] = sequence;
            newTokens[insert] = token;
            System.arraycopy(sequences, insert, newSequences, insert + 1, sequences.length - insert);
            System.arraycopy(tokens, insert, newTokens, insert + 1, tokens.length - insert);
            return new Entries(newSequences, newTokens);
        }
    }
}
