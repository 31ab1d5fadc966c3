package org.orderplatform.axonserver.platform;

import io.axoniq.axonserver.grpc.InstructionAck;
import io.grpc.stub.StreamObserver;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;

/**
 * One handler connection of a client, for commands or for queries: the client subscribes, grants permits and answers
 * on it. Messages to the client beyond its permits wait here, in order, new work only up to the stream's limit; none
 * is taken once the connection ended. It ends when the client completes or breaks it, or when the server evicts the
 * client for missing heartbeats.
 *
 * @param <I> what the server sends to the client
 * @param <O> what the client sends to the server
 */
public abstract class HandlerStream<I, O> implements StreamObserver<O> {

    private final String context;
    private final OutboundStream<I> outbound;
    private final ClientRegistry registry;
    private final AtomicBoolean ended = new AtomicBoolean();
    private volatile String clientId = "";
    private volatile String componentName = "";
    private boolean closed;

    protected HandlerStream(String context, OutboundStream<I> outbound, ClientRegistry registry) {
        this.context = context;
        this.outbound = outbound;
        this.registry = registry;
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
        registry.handlerStreamOpened(this);
        if (hasEnded()) {
            // Evicted while this subscription was on its way: it must not stay registered.
            registry.handlerStreamEnded(this);
        }
    }

    protected void grant(long permits) {
        outbound.grant(permits);
    }

    /** How many messages wait for the client's permits on this connection. */
    public int waitingForPermits() {
        return outbound.waitingForPermits();
    }

    /** Offers new work to the client: refused when the connection ended or its limit of messages waits for permits. */
    protected synchronized Delivery offer(I message) {
        if (closed) {
            return Delivery.ENDED;
        }
        return outbound.offer(message) ? Delivery.TAKEN : Delivery.FULL;
    }

    /**
     * Sends a message about work the client took (a cancellation, permits for its results, a subscription to watch),
     * whatever waits already: only an ended connection refuses it.
     *
     * @return whether the message was taken
     */
    protected synchronized boolean sendControl(I message) {
        if (closed) {
            return false;
        }
        outbound.send(message);
        return true;
    }

    /** Takes back waiting messages that match, so they are never sent. */
    protected void withdraw(Predicate<I> matching) {
        outbound.withdraw(matching);
    }

    protected synchronized boolean isClosed() {
        return closed;
    }

    /** Whether the connection ended or is ending: nothing may be routed to it any more. */
    public boolean hasEnded() {
        return ended.get();
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
     * Closes the connection on the server's side, the way it ended.
     *
     * @return the messages the client never received
     */
    protected synchronized List<I> close(End end) {
        closed = true;
        return switch (end) {
            case COMPLETED -> outbound.complete();
            case BROKEN -> outbound.abandon();
            case EVICTED -> outbound.fail(ClientRegistry.inactivity(clientId));
        };
    }

    /** The connection ended, once; implementations take it out of routing, then {@link #close} it. */
    protected abstract void ended(End end);

    @Override
    public void onError(Throwable t) {
        end(End.BROKEN);
    }

    @Override
    public void onCompleted() {
        end(End.COMPLETED);
    }

    /** Ends the connection from the server's side, as if it broke, and tells the client so. */
    void evict() {
        end(End.EVICTED);
    }

    /** Eviction runs on another thread than the client's messages, so either may come second. */
    private void end(End end) {
        if (ended.compareAndSet(false, true)) {
            registry.handlerStreamEnded(this);
            ended(end);
        }
    }

    /** What became of new work offered to the client. */
    public enum Delivery {
        /** It is on its way, or waits for the client's permits. */
        TAKEN,
        /** The connection ended; it is no longer routed to. */
        ENDED,
        /** The connection's limit of messages waits for the client's permits already. */
        FULL
    }

    /** How a handler connection ended. */
    protected enum End {
        /** The client completed it. */
        COMPLETED,
        /** It broke or the client cancelled it. */
        BROKEN,
        /** The server closed it because the client stopped sending heartbeats. */
        EVICTED
    }
}
