package org.orderplatform.axonserver.api;

import io.axoniq.axonserver.grpc.MetaDataValue;
import io.axoniq.axonserver.grpc.event.Event;
import org.orderplatform.axonserver.command.CommandJournal;
import org.orderplatform.axonserver.command.CommandRouter;
import org.orderplatform.axonserver.store.EventStorage;
import org.orderplatform.axonserver.store.EventStorages;
import org.orderplatform.axonserver.store.StoredEvent;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.orderplatform.axonserver.api.Problems.badRequest;

/**
 * Every command and event that carried an id across services, in order: an order's journey through a saga.
 * <p>
 * First the messages that name the id: events of the aggregate with that id, events whose {@code correlationId} or
 * {@code traceId} metadata is the id or whose payload holds it as a JSON string value, and journaled commands whose
 * message id, routing key, correlation id or trace id is the id. Then every message of the same flows: Axon's
 * {@code MessageOriginProvider} gives each message produced while handling another the {@code traceId} of the flow's
 * first message, so the messages sharing a trace with those found are the rest of the journey.
 */
@RestController
@RequestMapping("/v1")
class JourneyController {

    static final int DEFAULT_WINDOW = 100_000;
    static final int MAX_WINDOW = 1_000_000;
    static final int MAX_ID_LENGTH = 200;
    private static final String CORRELATION_ID = "correlationId";
    private static final String TRACE_ID = "traceId";
    /** What Axon's OpenTelemetry tracing puts into a message's metadata: {@code 00-<trace id>-<span id>-<flags>}. */
    private static final String TRACEPARENT = "traceparent";
    private static final Pattern W3C_TRACE_ID = Pattern.compile("^[0-9a-f]{2}-([0-9a-f]{32})-[0-9a-f]{16}-([0-9a-f]{2})$");

    private final EventStorages storages;
    private final CommandJournal journal;
    private final String traceLinks;

    /** @param traceLinks where a trace id is shown, as a URL to which the id is appended; blank for no links */
    JourneyController(EventStorages storages, CommandRouter commands,
                      @Value("${axonserver.trace-links:}") String traceLinks) {
        this.storages = storages;
        this.journal = commands.journal();
        this.traceLinks = traceLinks;
    }

    /**
     * @param window how many of the newest events to search, besides the whole history of an aggregate with the id
     * @param limit  at most this many events, and this many commands
     */
    @GetMapping("/journey/{id}")
    Journey journey(@PathVariable String id,
                    @RequestParam(defaultValue = "default") String context,
                    @RequestParam(required = false) String window,
                    @RequestParam(required = false) String limit) {
        String wanted = Parameters.id("id", id);
        EventStorage storage = Parameters.storage(storages, context);
        int searched = Parameters.bounded("window", window, DEFAULT_WINDOW, MAX_WINDOW);
        int max = Parameters.limit(limit, EventsController.MAX_LIMIT, EventsController.MAX_LIMIT);

        Map<Long, Found> events = new TreeMap<>();
        for (StoredEvent stored : storage.aggregateEvents(wanted, 0, max)) {
            events.put(stored.token(), new Found(stored, Reason.AGGREGATE));
        }
        byte[] quoted = ("\"" + wanted + "\"").getBytes(StandardCharsets.UTF_8);
        EventStorage.RecentSearch direct = storage.searchRecent(List.of(wanted),
                event -> reason(event, wanted, quoted) != null, searched, max);
        direct.events().forEach(stored -> events.putIfAbsent(stored.token(),
                new Found(stored, reason(stored.event(), wanted, quoted))));
        List<CommandJournal.Entry> commands = new ArrayList<>(journal.find(entry -> entry.context().equals(context)
                && (wanted.equals(entry.messageId()) || wanted.equals(entry.routingKey())
                || wanted.equals(entry.correlationId()) || wanted.equals(entry.traceId()))));

        Set<String> traces = new LinkedHashSet<>();
        events.values().forEach(found -> traces.add(trace(found.stored().event())));
        commands.forEach(command -> traces.add(command.trace()));
        boolean truncated = direct.truncated();
        if (!traces.isEmpty()) {
            EventStorage.RecentSearch sameTrace = storage.searchRecent(List.copyOf(traces),
                    event -> traces.contains(trace(event)), searched, max);
            truncated |= sameTrace.truncated();
            sameTrace.events().forEach(stored -> events.putIfAbsent(stored.token(), new Found(stored, Reason.TRACE)));
            Set<String> known = new HashSet<>();
            commands.forEach(command -> known.add(command.messageId()));
            journal.find(entry -> entry.context().equals(context) && traces.contains(entry.trace())
                    && !known.contains(entry.messageId())).forEach(commands::add);
        }
        if (commands.size() > max) {
            truncated = true;
            commands = commands.subList(commands.size() - max, commands.size());
        }

        Map<String, CommandJournal.Entry> commandsById = new HashMap<>();
        Set<String> causes = new HashSet<>();
        events.values().forEach(found -> causes.add(metadata(found.stored().event(), CORRELATION_ID)));
        journal.find(entry -> causes.contains(entry.messageId()))
                .forEach(entry -> commandsById.put(entry.messageId(), entry));
        commands.forEach(entry -> commandsById.put(entry.messageId(), entry));

        List<Step> steps = new ArrayList<>();
        for (Found found : events.values()) {
            Event event = found.stored().event();
            CommandJournal.Entry cause = commandsById.get(metadata(event, CORRELATION_ID));
            steps.add(Step.of(found, cause == null ? null : cause.handlerComponent()));
        }
        commands.forEach(command -> steps.add(Step.of(command, matchedDirectly(command, wanted))));
        return new Journey(context, wanted, ordered(steps), traces(events.values()), direct.fromToken(),
                direct.toToken(), storage.eventCount(), journal.size(), journal.capacity(), truncated);
    }

    /**
     * The distributed traces the events belong to, by their {@code traceparent}, each with its link if any: only a
     * sampled trace is in the trace backend, so an unsampled one (flags without bit 0) gets none.
     */
    private List<Trace> traces(Collection<Found> events) {
        Map<String, Boolean> sampled = new LinkedHashMap<>();
        for (Found found : events) {
            Matcher traceparent = W3C_TRACE_ID.matcher(metadata(found.stored().event(), TRACEPARENT));
            if (traceparent.matches()) {
                boolean recorded = (Integer.parseInt(traceparent.group(2), 16) & 1) == 1;
                sampled.merge(traceparent.group(1), recorded, Boolean::logicalOr);
            }
        }
        return sampled.entrySet().stream().map(trace -> new Trace(trace.getKey(), trace.getValue(),
                trace.getValue() && !traceLinks.isBlank() ? traceLinks + trace.getKey() : null)).toList();
    }

    private static Reason reason(Event event, String id, byte[] quoted) {
        if (id.equals(event.getAggregateIdentifier())) {
            return Reason.AGGREGATE;
        }
        if (id.equals(metadata(event, CORRELATION_ID)) || id.equals(metadata(event, TRACE_ID))) {
            return Reason.METADATA;
        }
        if (contains(event.getPayload().getData().toByteArray(), quoted)) {
            return Reason.PAYLOAD;
        }
        return null;
    }

    private static Reason matchedDirectly(CommandJournal.Entry command, String id) {
        if (id.equals(command.routingKey()) || id.equals(command.messageId())) {
            return Reason.ROUTING_KEY;
        }
        if (id.equals(command.correlationId()) || id.equals(command.traceId())) {
            return Reason.METADATA;
        }
        return Reason.TRACE;
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    static String metadata(Event event, String key) {
        MetaDataValue value = event.getMetaDataMap().get(key);
        return value == null || value.getDataCase() != MetaDataValue.DataCase.TEXT_VALUE ? "" : value.getTextValue();
    }

    private static String trace(Event event) {
        String trace = metadata(event, TRACE_ID);
        return trace.isEmpty() ? event.getMessageIdentifier() : trace;
    }

    /**
     * By time; a message caused by another in the list comes after it even in the same millisecond, so ties follow
     * the causal chain (the {@code correlationId} of a message is the id of the message whose handling produced it).
     */
    private static List<Step> ordered(List<Step> steps) {
        Map<String, Step> byId = new HashMap<>();
        steps.forEach(step -> byId.put(step.messageId(), step));
        Map<String, Integer> depths = new HashMap<>();
        for (Step step : steps) {
            int depth = 0;
            Set<String> seen = new HashSet<>();
            Step current = step;
            while (current != null && seen.add(current.messageId())) {
                current = byId.get(current.correlationId());
                if (current != null) {
                    depth++;
                }
            }
            depths.put(step.messageId(), depth);
        }
        List<Step> sorted = new ArrayList<>(steps);
        sorted.sort(Comparator.comparing(Step::time)
                .thenComparing(step -> depths.get(step.messageId()))
                .thenComparing(step -> step.token() == null ? Long.MAX_VALUE : step.token()));
        return sorted;
    }

    private enum Reason {
        /** It belongs to the aggregate with the id, or is a command routed to it. */
        AGGREGATE, ROUTING_KEY,
        /** Its correlationId or traceId metadata is the id. */
        METADATA,
        /** Its payload holds the id as a JSON string value. */
        PAYLOAD,
        /** It belongs to the same flow (trace) as a message found by one of the other reasons. */
        TRACE
    }

    private record Found(StoredEvent stored, Reason reason) {
    }

    /**
     * One message of the journey.
     *
     * @param kind          {@code COMMAND} or {@code EVENT}
     * @param time          when the event happened, or when the server received the command
     * @param name          the command name or the event's payload type
     * @param service       the application that handled the command, or that handled the command which applied the
     *                      event; null when unknown (the event was published outside a journaled command)
     * @param reason        why it belongs to the journey
     * @param correlationId the message whose handling produced it, empty when none
     * @param traceId       the first message of its flow, empty when it is that message
     * @param token         the event's token, null for a command
     * @param event         the event, null for a command
     * @param command       the journaled command, null for an event
     */
    record Step(String kind, Instant time, String name, String messageId, String service, Reason reason,
                String correlationId, String traceId, Long token, EventView event, CommandJournal.Entry command) {

        static Step of(Found found, String service) {
            Event event = found.stored().event();
            return new Step("EVENT", Instant.ofEpochMilli(event.getTimestamp()), event.getPayload().getType(),
                    event.getMessageIdentifier(), service, found.reason(), metadata(event, CORRELATION_ID),
                    metadata(event, TRACE_ID), found.stored().token(),
                    EventView.of(found.stored().token(), event), null);
        }

        static Step of(CommandJournal.Entry command, Reason reason) {
            return new Step("COMMAND", command.receivedAt(), command.name(), command.messageId(),
                    command.handlerComponent().isEmpty() ? null : command.handlerComponent(), reason,
                    command.correlationId(), command.traceId(), null, null, command);
        }
    }

    /**
     * @param steps                 the journey's messages in order
     * @param searchedFromToken     the oldest event searched (older events appear only as the aggregate's own)
     * @param searchedToToken       the newest event searched
     * @param storedEvents          how many events the context holds
     * @param journaledCommands     how many commands the journal holds
     * @param commandJournalCapacity how many it can hold; older commands are forgotten
     * @param truncated             whether there were more matches than {@code limit}
     */
    /**
     * @param traces the W3C traces its events belong to (OpenTelemetry, Zipkin), oldest first, to see the spans of
     *               every service they passed
     */
    record Journey(String context, String id, List<Step> steps, List<Trace> traces, long searchedFromToken,
                   long searchedToToken, long storedEvents, int journaledCommands, int commandJournalCapacity,
                   boolean truncated) {
    }

    /**
     * @param sampled whether the trace was recorded, as its {@code traceparent} says
     * @param url     where the trace backend shows it; null when it was not recorded or no backend is configured
     */
    record Trace(String traceId, boolean sampled, String url) {
    }
}
