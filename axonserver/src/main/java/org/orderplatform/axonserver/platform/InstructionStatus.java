package org.orderplatform.axonserver.platform;

import java.time.Instant;

/**
 * An event processor instruction sent to a client and how far it got.
 *
 * @param instructionId the id the client echoes in its acknowledgement and result
 * @param client        the client the instruction went to
 * @param type          what was asked, e.g. {@code PAUSE_EVENT_PROCESSOR}
 * @param processorName the event processor addressed
 * @param segment       the segment addressed, or -1 for instructions about the whole processor
 * @param sentAt        when the instruction was sent
 * @param state         where the instruction stands
 * @param error         why it failed, or {@code null}
 */
public record InstructionStatus(String instructionId,
                                ClientKey client,
                                String type,
                                String processorName,
                                int segment,
                                Instant sentAt,
                                State state,
                                String error) {

    public enum State {
        /** Sent, nothing heard back yet. */
        PENDING,
        /** The client confirmed receipt and is carrying it out. */
        ACKNOWLEDGED,
        /** The client carried it out. */
        SUCCEEDED,
        /** The client refused it, failed to carry it out, or went away first. */
        FAILED,
        /** The client did not answer in time. */
        TIMED_OUT
    }

    InstructionStatus withState(State newState, String newError) {
        return new InstructionStatus(instructionId, client, type, processorName, segment, sentAt, newState, newError);
    }
}
