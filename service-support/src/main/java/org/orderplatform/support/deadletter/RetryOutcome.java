package org.orderplatform.support.deadletter;

import java.util.List;

/**
 * The result of retrying the parked events of one sequence, oldest first, up to the first that fails again.
 *
 * @param succeeded whether every parked event of the sequence was handled
 * @param remaining the sequence's letters still parked, the one that failed first
 */
public record RetryOutcome(String processor, String sequence, boolean succeeded, List<DeadLetterView> remaining) {
}
