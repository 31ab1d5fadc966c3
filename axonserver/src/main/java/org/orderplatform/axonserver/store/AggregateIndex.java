package org.orderplatform.axonserver.store;

import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The token of every event per aggregate. Sequences of an aggregate are dense from 0 (appends are validated), so
 * the token of sequence {@code n} sits at index {@code n}. One thread adds; readers see what was added before the
 * log publish they read after.
 */
final class AggregateIndex {

    private final ConcurrentHashMap<String, Tokens> byAggregate = new ConcurrentHashMap<>();

    long highestSequence(String aggregateId) {
        Tokens tokens = byAggregate.get(aggregateId);
        return tokens == null ? -1 : tokens.count - 1;
    }

    void add(String aggregateId, long sequence, long token) {
        Tokens tokens = byAggregate.computeIfAbsent(aggregateId, id -> new Tokens());
        if (sequence != tokens.count) {
            throw new IllegalStateException("aggregate " + aggregateId + " has sequence " + sequence
                    + " where " + tokens.count + " was expected");
        }
        tokens.add(token);
    }

    /** The tokens of sequences {@code from..to} (inclusive) that exist. */
    long[] tokens(String aggregateId, long from, long to) {
        Tokens tokens = byAggregate.get(aggregateId);
        if (tokens == null) {
            return new long[0];
        }
        int count = tokens.count;
        long[] values = tokens.values;
        long start = Math.max(0, from);
        long end = Math.min(count - 1L, to);
        if (start > end) {
            return new long[0];
        }
        return Arrays.copyOfRange(values, (int) start, (int) end + 1);
    }

    int size() {
        return byAggregate.size();
    }

    private static final class Tokens {

        private volatile long[] values = new long[2];
        private volatile int count;

        void add(long token) {
            long[] current = values;
            if (count == current.length) {
                current = Arrays.copyOf(current, count * 2);
                values = current;
            }
            current[count] = token;
            count = count + 1;
        }
    }
}
