package org.orderplatform.axonserver.command;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.ToIntFunction;
import java.util.stream.Stream;

/**
 * Consistent hashing over a set of members: a key maps to the same member as long as the set is unchanged, and when a
 * member joins or leaves only the keys near its points move. Each member gets points in proportion to its weight.
 */
final class ConsistentHashRing<T> {

    private static final int MAX_POINTS = 1000;

    private final NavigableMap<Long, T> points = new TreeMap<>();

    ConsistentHashRing(Collection<T> members, Function<T, String> id, ToIntFunction<T> weight) {
        for (T member : members) {
            int count = Math.max(1, Math.min(MAX_POINTS, weight.applyAsInt(member)));
            for (int i = 0; i < count; i++) {
                points.put(hash(id.apply(member) + '#' + i), member);
            }
        }
    }

    /** The member owning the key: the first point at or after the key's hash, wrapping around. */
    T pick(String key) {
        return pick(key, member -> true);
    }

    /**
     * The member owning the key among those {@code eligible}: the first eligible member at or after the key's hash,
     * wrapping around, so the keys of a member left out spread over the others as if it had left. {@code null} when
     * none is eligible.
     */
    T pick(String key, Predicate<T> eligible) {
        long hash = hash(key);
        Stream<T> clockwise = Stream.concat(points.tailMap(hash, true).values().stream(),
                points.headMap(hash, false).values().stream());
        return clockwise.filter(eligible)
                .findFirst()
                .orElse(null);
    }

    /** FNV-1a over the UTF-8 bytes, finished with the SplitMix64 mixer so that similar keys land far apart. */
    static long hash(String value) {
        long h = 0xcbf29ce484222325L;
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        h = (h ^ (h >>> 30)) * 0xbf58476d1ce4e5b9L;
        h = (h ^ (h >>> 27)) * 0x94d049bb133111ebL;
        return h ^ (h >>> 31);
    }
}
