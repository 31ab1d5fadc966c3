package org.orderplatform.axonserver.platform;

/** An instruction sent to a client did not succeed; the message says why. */
public class InstructionFailedException extends RuntimeException {

    public InstructionFailedException(String message) {
        super(message);
    }
}
