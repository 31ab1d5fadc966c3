package org.orderplatform.axonserver.support;

import com.google.protobuf.ByteString;
import io.axoniq.axonserver.grpc.SerializedObject;
import io.axoniq.axonserver.grpc.event.Event;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Events shaped as Axon Framework's {@code AxonServerEventStore} sends them. */
public final class TestEvents {

    private TestEvents() {
    }

    public static Event domainEvent(String aggregateId, long sequence) {
        return domainEvent(aggregateId, sequence, "org.example.SomethingHappened", System.currentTimeMillis());
    }

    public static Event domainEvent(String aggregateId, long sequence, String payloadType, long timestamp) {
        return Event.newBuilder()
                .setMessageIdentifier(UUID.randomUUID().toString())
                .setAggregateIdentifier(aggregateId)
                .setAggregateSequenceNumber(sequence)
                .setAggregateType("Order")
                .setTimestamp(timestamp)
                .setPayload(payload(payloadType, "{\"aggregate\":\"" + aggregateId + "\",\"sequence\":" + sequence + "}"))
                .build();
    }

    /** Events {@code first..first+count-1} of one aggregate, one transaction. */
    public static List<Event> transaction(String aggregateId, long first, int count) {
        List<Event> events = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            events.add(domainEvent(aggregateId, first + i));
        }
        return events;
    }

    /** An event without an aggregate, as an event published outside an aggregate. */
    public static Event plainEvent(String payloadType, long timestamp) {
        return Event.newBuilder()
                .setMessageIdentifier(UUID.randomUUID().toString())
                .setTimestamp(timestamp)
                .setPayload(payload(payloadType, "{}"))
                .build();
    }

    public static Event snapshot(String aggregateId, long sequence) {
        return Event.newBuilder()
                .setMessageIdentifier(UUID.randomUUID().toString())
                .setAggregateIdentifier(aggregateId)
                .setAggregateSequenceNumber(sequence)
                .setAggregateType("Order")
                .setTimestamp(System.currentTimeMillis())
                .setPayload(payload("Order", "{\"snapshotAt\":" + sequence + "}"))
                .build();
    }

    private static SerializedObject payload(String type, String json) {
        return SerializedObject.newBuilder().setType(type).setRevision("").setData(ByteString.copyFromUtf8(json)).build();
    }
}
