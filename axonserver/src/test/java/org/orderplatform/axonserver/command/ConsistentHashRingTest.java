package org.orderplatform.axonserver.command;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

class ConsistentHashRingTest {

    private static final int KEYS = 10_000;

    @Test
    void movesOnlyTheKeysOfAMemberThatLeaves() {
        Map<String, String> before = owners(ring(List.of("a", "b", "c")));
        Map<String, String> after = owners(ring(List.of("a", "c")));

        before.forEach((key, owner) -> {
            if (!owner.equals("b")) {
                assertThat(after.get(key)).as(key).isEqualTo(owner);
            }
        });
    }

    @Test
    void givesAJoiningMemberAShareOfTheKeysTakenOnlyFromOthers() {
        Map<String, String> before = owners(ring(List.of("a", "b")));
        Map<String, String> after = owners(ring(List.of("a", "b", "c")));

        long moved = before.keySet().stream().filter(key -> !before.get(key).equals(after.get(key))).count();
        assertThat(before.keySet()).allSatisfy(key ->
                assertThat(after.get(key)).isIn(before.get(key), "c"));
        assertThat(moved).isBetween(KEYS / 5L, KEYS / 2L);
    }

    @Test
    void spreadsKeysInProportionToWeight() {
        Map<String, Integer> weights = Map.of("light", 50, "heavy", 150);
        ConsistentHashRing<String> ring = new ConsistentHashRing<>(weights.keySet(), Function.identity(), weights::get);

        long heavy = owners(ring).values().stream().filter("heavy"::equals).count();

        assertThat(heavy).isBetween(KEYS * 65L / 100, KEYS * 85L / 100);
    }

    @Test
    void givesTheKeysOfAMemberLeftOutToTheMembersTheyWouldGoToIfItLeft() {
        ConsistentHashRing<String> withB = ring(List.of("a", "b", "c"));
        Map<String, String> withoutB = owners(ring(List.of("a", "c")));

        withoutB.forEach((key, owner) -> assertThat(withB.pick(key, member -> !member.equals("b"))).as(key)
                .isEqualTo(owner));
        assertThat(withB.pick("order-1", member -> false)).isNull();
    }

    @Test
    void hasNoOwnerWithoutMembers() {
        assertThat(ring(List.of()).pick("key")).isNull();
    }

    private static ConsistentHashRing<String> ring(List<String> members) {
        return new ConsistentHashRing<>(members, Function.identity(), member -> 100);
    }

    private static Map<String, String> owners(ConsistentHashRing<String> ring) {
        Map<String, String> owners = new HashMap<>();
        for (int i = 0; i < KEYS; i++) {
            owners.put("order-" + i, ring.pick("order-" + i));
        }
        return owners;
    }
}
