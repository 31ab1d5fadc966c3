package org.orderplatform.axonserver.platform;

import io.axoniq.axonserver.grpc.InstructionAck;
import io.grpc.stub.StreamObserver;

import java.util.List;

/**
 * One handler connection of a client, for commands or for queries: the client subscribes, grants permits and answers
 * on it. Messages to the client beyond its permits wait here, in order; none is taken once the connection ended.
 *
 * @param <I> what the server sends to the client
 * @param <O> what the client sends to the server
 */
public abstract class HandlerStream<I, O> implements StreamObserver<O> {

    private final String context;
    private final OutboundStream<I> outbound;
    private volatile String clientId = "";
    private volatile String componentName = "";
    private boolean closed;

    protected HandlerStream(String context, OutboundStream<I> outbound) {
        this.context = context;
        this.outbound = outbound;
    }

    public String context() {
        return context;
    }

    public String clientId() {
        return clientId;
    }

    public String componentName() {
        return componentName;
    }

    public ClientKey client() {
        return new ClientKey(context, clientId);
    }

    /** Records who is on the other end, as its first subscription tells. */
    protected void identified(String subscribingClientId, String subscribingComponentName) {
        clientId = subscribingClientId;
        componentName = subscribingComponentName;
    }

    protected void grant(long permits) {
        outbound.grant(permits);
    }

    /**
     * Sends a message to the client, or refuses when the connection already ended.
     *
     * @return whether the message was taken
     */
    protected synchronized boolean offer(I message) {
        if (closed) {
            return false;
        }
        outbound.send(message);
        return true;
    }

    protected synchronized boolean isClosed() {
        return closed;
    }

    /** The client only considers its subscriptions active once they are acknowledged. */
    protected void acknowledge(String instructionId) {
        if (!instructionId.isEmpty()) {
            outbound.sendWithoutPermit(ack(InstructionAck.newBuilder()
                    .setInstructionId(instructionId)
                    .setSuccess(true)
                    .build()));
        }
    }

    /** The acknowledgement wrapped in the message type the client reads. */
    protected abstract I ack(InstructionAck ack);

    /**
     * Ends the connection from the server's side.
     *
     * @return the messages the client never received
     */
    protected synchronized List<I> close(boolean completedByClient) {
        closed = true;
        return completedByClient ? outbound.complete() : outbound.abandon();
    }

    /** The connection ended, completed by the client or broken; implementations {@link #close} it. */
    protected abstract void ended(boolean completedByClient);

    @Override
    public void onError(Throwable t) {
        ended(false);
    }

    @Override
    public void onCompleted() {
        ended(true);
    }
}
