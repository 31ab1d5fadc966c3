package org.orderplatform.axonserver.command;

import io.axoniq.axonserver.grpc.MetaDataValue;
import io.axoniq.axonserver.grpc.command.Command;
import io.axoniq.axonserver.grpc.command.CommandResponse;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Predicate;

/**
 * The most recent routed commands, newest last, for tracing a message flow on the dashboard. Axon Server stores
 * events, never commands, so this journal is all there is: in memory, bounded, since the server started.
 */
public final class CommandJournal {

    /** Axon's {@code MessageOriginProvider} keys: the message being handled, and the root of the flow. */
    static final String CORRELATION_ID = "correlationId";
    static final String TRACE_ID = "traceId";

    private final int capacity;
    private final Deque<Entry> entries;

    public CommandJournal(int capacity) {
        this.capacity = capacity;
        this.entries = new ArrayDeque<>(Math.min(capacity, 1024));
    }

    public int capacity() {
        return capacity;
    }

    void record(Entry entry) {
        synchronized (entries) {
            if (entries.size() == capacity) {
                entries.removeFirst();
            }
            entries.addLast(entry);
        }
    }

    /** The entries {@code matching}, oldest first. */
    public List<Entry> find(Predicate<Entry> matching) {
        List<Entry> found = new ArrayList<>();
        synchronized (entries) {
            for (Entry entry : entries) {
                if (matching.test(entry)) {
                    found.add(entry);
                }
            }
        }
        return found;
    }

    public int size() {
        synchronized (entries) {
            return entries.size();
        }
    }

    static Entry entry(String context, Command command, String routingKey, Instant receivedAt, long nanos,
                       String handlerClientId, String handlerComponent, CommandResponse response) {
        return new Entry(context, command.getName(), command.getMessageIdentifier(), routingKey,
                command.getClientId(), command.getComponentName(), handlerClientId, handlerComponent,
                text(command, CORRELATION_ID), text(command, TRACE_ID), receivedAt, nanos / 1_000_000.0,
                response.getErrorCode(), response.getErrorMessage().getMessage());
    }

    private static String text(Command command, String key) {
        MetaDataValue value = command.getMetaDataMap().get(key);
        return value == null || value.getDataCase() != MetaDataValue.DataCase.TEXT_VALUE ? "" : value.getTextValue();
    }

    /**
     * One routed command.
     *
     * @param name                the command name
     * @param messageId           its message identifier
     * @param routingKey          the key it was routed by (the target aggregate's id for aggregate commands)
     * @param dispatcherClientId  the instance that sent it
     * @param dispatcherComponent the application that sent it
     * @param handlerClientId     the instance that handled it, empty when nobody did
     * @param handlerComponent    the application that handled it, empty when nobody did
     * @param correlationId       its {@code correlationId} metadata: the message whose handling sent it, or empty
     * @param traceId             its {@code traceId} metadata: the first message of the flow, or empty
     * @param receivedAt          when the server received it
     * @param durationMillis      time from receiving it to passing on the answer
     * @param errorCode           the answer's error code, empty when it succeeded
     * @param errorMessage        the answer's error message, empty when it succeeded
     */
    public record Entry(String context, String name, String messageId, String routingKey, String dispatcherClientId,
                        String dispatcherComponent, String handlerClientId, String handlerComponent,
                        String correlationId, String traceId, Instant receivedAt, double durationMillis,
                        String errorCode, String errorMessage) {

        /** The flow it belongs to: its trace id, or its own id when it started the flow. */
        public String trace() {
            return traceId.isEmpty() ? messageId : traceId;
        }

        public boolean succeeded() {
            return errorCode.isEmpty();
        }
    }
}
