package org.orderplatform.axonserver.store;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import io.axoniq.axonserver.grpc.event.Event;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;

/**
 * The fields of a stored {@link Event} the indexes need, read straight from its bytes without building the whole
 * message, which keeps opening a large store fast.
 */
record EventFields(String aggregateId, long sequence, long timestamp, String payloadType) {

    private static final int AGGREGATE_IDENTIFIER = 2;
    private static final int AGGREGATE_SEQUENCE_NUMBER = 3;
    private static final int TIMESTAMP = 5;
    private static final int PAYLOAD = 6;
    private static final int PAYLOAD_TYPE = 1;

    static EventFields of(Event event) {
        return new EventFields(event.getAggregateIdentifier(), event.getAggregateSequenceNumber(),
                event.getTimestamp(), event.getPayload().getType());
    }

    static EventFields parse(ByteBuffer bytes) {
        try {
            CodedInputStream in = CodedInputStream.newInstance(bytes.duplicate());
            String aggregateId = "";
            long sequence = 0;
            long timestamp = 0;
            String payloadType = "";
            int tag;
            while ((tag = in.readTag()) != 0) {
                switch (WireFormat.getTagFieldNumber(tag)) {
                    case AGGREGATE_IDENTIFIER -> aggregateId = in.readString();
                    case AGGREGATE_SEQUENCE_NUMBER -> sequence = in.readInt64();
                    case TIMESTAMP -> timestamp = in.readInt64();
                    case PAYLOAD -> payloadType = payloadType(in);
                    default -> in.skipField(tag);
                }
            }
            return new EventFields(aggregateId, sequence, timestamp, payloadType);
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable stored event", e);
        }
    }

    /** Reads only the timestamp, for scans by time. */
    static long timestamp(ByteBuffer bytes) {
        try {
            CodedInputStream in = CodedInputStream.newInstance(bytes.duplicate());
            int tag;
            while ((tag = in.readTag()) != 0) {
                if (WireFormat.getTagFieldNumber(tag) == TIMESTAMP) {
                    return in.readInt64();
                }
                in.skipField(tag);
            }
            return 0;
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable stored event", e);
        }
    }

    private static String payloadType(CodedInputStream in) throws IOException {
        int limit = in.pushLimit(in.readRawVarint32());
        String type = "";
        int tag;
        while ((tag = in.readTag()) != 0) {
            if (WireFormat.getTagFieldNumber(tag) == PAYLOAD_TYPE) {
                type = in.readString();
            } else {
                in.skipField(tag);
            }
        }
        in.popLimit(limit);
        return type;
    }

    boolean domainEvent() {
        return !aggregateId.isEmpty();
    }
}
