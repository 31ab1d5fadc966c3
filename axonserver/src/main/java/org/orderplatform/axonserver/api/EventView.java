package org.orderplatform.axonserver.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.google.protobuf.ByteString;
import io.axoniq.axonserver.grpc.MetaDataValue;
import io.axoniq.axonserver.grpc.SerializedObject;
import io.axoniq.axonserver.grpc.event.Event;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * An event or snapshot as the dashboard shows it.
 *
 * @param token           its position in the event log; -1 for a snapshot
 * @param messageId       the message identifier
 * @param aggregateId     the aggregate it belongs to, empty for events published outside an aggregate
 * @param aggregateType   the aggregate's type
 * @param sequence        its sequence number within the aggregate
 * @param payloadType     the payload's type
 * @param payloadRevision the payload's revision, empty when none
 * @param timestamp       when it happened
 * @param metadata        its metadata, every value as text
 * @param payload         the payload as text: indented when it is JSON, a note on its size when it is binary
 */
record EventView(long token, String messageId, String aggregateId, String aggregateType, long sequence,
                 String payloadType, String payloadRevision, Instant timestamp, Map<String, String> metadata,
                 String payload) {

    /** Longer payloads are cut: a page holds up to 500 events of up to 4 MB each. */
    static final int MAX_PAYLOAD_CHARS = 64 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    static EventView of(long token, Event event) {
        Map<String, String> metadata = new TreeMap<>();
        event.getMetaDataMap().forEach((key, value) -> metadata.put(key, text(value)));
        return new EventView(token, event.getMessageIdentifier(), event.getAggregateIdentifier(),
                event.getAggregateType(), event.getAggregateSequenceNumber(), event.getPayload().getType(),
                event.getPayload().getRevision(), Instant.ofEpochMilli(event.getTimestamp()), metadata,
                text(event.getPayload().getData()));
    }

    private static String text(MetaDataValue value) {
        return switch (value.getDataCase()) {
            case TEXT_VALUE -> value.getTextValue();
            case NUMBER_VALUE -> Long.toString(value.getNumberValue());
            case BOOLEAN_VALUE -> Boolean.toString(value.getBooleanValue());
            case DOUBLE_VALUE -> Double.toString(value.getDoubleValue());
            case BYTES_VALUE -> text(value.getBytesValue());
            case DATA_NOT_SET -> "";
        };
    }

    private static String text(SerializedObject object) {
        return text(object.getData());
    }

    static String text(ByteString data) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(data.toByteArray()))
                    .toString();
        } catch (CharacterCodingException e) {
            return "binary, " + data.size() + " bytes";
        }
        if (text.chars().anyMatch(c -> c < 0x20 && c != '\n' && c != '\r' && c != '\t')) {
            return "binary, " + data.size() + " bytes";
        }
        String shown = prettyJson(text);
        if (shown.length() > MAX_PAYLOAD_CHARS) {
            return shown.substring(0, MAX_PAYLOAD_CHARS) + "\n... (cut, " + data.size() + " bytes in all)";
        }
        return shown;
    }

    private static String prettyJson(String text) {
        String trimmed = text.trim();
        if (!trimmed.startsWith("{") && !trimmed.startsWith("[")) {
            return text;
        }
        try {
            JsonNode tree = JSON.readTree(trimmed);
            return JSON.writeValueAsString(tree);
        } catch (JsonProcessingException notJson) {
            return text;
        }
    }
}
