package org.orderplatform.axonserver.platform;

import org.junit.jupiter.api.Test;
import org.orderplatform.axonserver.platform.SegmentBalancer.Claims;
import org.orderplatform.axonserver.platform.SegmentBalancer.Release;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Which segment the server moves, given what each instance of a processor has claimed. */
class SegmentBalancerTest {

    private static final ClientKey FIRST = new ClientKey("default", "first");
    private static final ClientKey SECOND = new ClientKey("default", "second");
    private static final ClientKey THIRD = new ClientKey("default", "third");

    @Test
    void movesOneSegmentFromTheInstanceHoldingAllToOneHoldingNone() {
        assertThat(SegmentBalancer.release(List.of(new Claims(FIRST, List.of(0, 1), true),
                new Claims(SECOND, List.of(), true))))
                .contains(new Release(FIRST, 1));
    }

    @Test
    void leavesClaimsAsEvenAsTheyCanBe() {
        assertThat(SegmentBalancer.release(List.of(new Claims(FIRST, List.of(0, 2), true),
                new Claims(SECOND, List.of(1), true)))).isEmpty();
        assertThat(SegmentBalancer.release(List.of(new Claims(FIRST, List.of(0), true),
                new Claims(SECOND, List.of(1), true), new Claims(THIRD, List.of(), true))))
                .as("two segments cannot go to three instances evenly").isEmpty();
    }

    @Test
    void movesNothingToAnInstanceWithoutRoom() {
        assertThat(SegmentBalancer.release(List.of(new Claims(FIRST, List.of(0, 1, 2, 3), true),
                new Claims(SECOND, List.of(), false)))).isEmpty();
        assertThat(SegmentBalancer.release(List.of(new Claims(FIRST, List.of(0, 1, 2, 3), true),
                new Claims(SECOND, List.of(), false), new Claims(THIRD, List.of(4, 5), true))))
                .contains(new Release(FIRST, 3));
    }
}
