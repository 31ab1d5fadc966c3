package org.orderplatform.axonserver.api;

import org.orderplatform.axonserver.store.EventFilter;
import org.orderplatform.axonserver.store.EventStorage;
import org.orderplatform.axonserver.store.EventStorages;
import org.orderplatform.axonserver.store.ScanPage;
import org.orderplatform.axonserver.store.StoredEvent;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.util.List;
import java.util.SortedSet;

import static org.orderplatform.axonserver.api.Problems.notFound;

/** The stored events, a page at a time: the event log, one aggregate's history, the payload types. */
@RestController
@RequestMapping("/v1")
class EventsController {

    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 500;
    /** How many events one request may look at while filtering, whatever it finds. */
    static final int MAX_SCANNED = 100_000;
    static final int MAX_SNAPSHOTS = 20;

    private final EventStorages storages;

    EventsController(EventStorages storages) {
        this.storages = storages;
    }

    /**
     * One page of events, newest first unless {@code order=oldest}.
     *
     * @param after the {@code next} of the previous page
     * @return the events, and {@code next} to pass as {@code after} for the following page (null at the end); a page
     * may hold fewer than {@code limit} events, or none, when the filter matched few of the events looked at
     */
    @GetMapping("/events")
    EventPage events(@RequestParam(defaultValue = "default") String context,
                     @RequestParam(defaultValue = "") String aggregateId,
                     @RequestParam(defaultValue = "") String payloadType,
                     @RequestParam(required = false) String from,
                     @RequestParam(required = false) String to,
                     @RequestParam(required = false) String after,
                     @RequestParam(required = false) String limit,
                     @RequestParam(defaultValue = "newest") String order) {
        EventStorage storage = Parameters.storage(storages, context);
        String aggregate = aggregateId.isBlank() ? "" : Parameters.id("aggregateId", aggregateId);
        String type = Parameters.payloadType(storage, payloadType);
        Instant fromInstant = Parameters.instant("from", from);
        Instant toInstant = Parameters.instant("to", to);
        Parameters.requireOrdered(fromInstant, toInstant);
        int pageSize = Parameters.limit(limit, DEFAULT_LIMIT, MAX_LIMIT);
        Long cursor = Parameters.cursor("after", after);
        boolean newestFirst = switch (order) {
            case "newest" -> true;
            case "oldest" -> false;
            default -> throw Problems.badRequest("order must be 'newest' or 'oldest', not '" + order + "'");
        };
        EventFilter filter = new EventFilter(aggregate, type,
                fromInstant == null ? Long.MIN_VALUE : fromInstant.toEpochMilli(),
                toInstant == null ? Long.MAX_VALUE : toInstant.toEpochMilli());
        long start = newestFirst
                ? (cursor == null ? Long.MAX_VALUE : cursor)
                : (cursor == null ? 0 : cursor + 1);
        ScanPage page = storage.scan(filter, start, newestFirst, pageSize, MAX_SCANNED);
        String next = page.complete() ? null : Long.toString(newestFirst ? page.nextToken() : page.nextToken() - 1);
        return new EventPage(context, page.events().stream().map(EventsController::view).toList(), next);
    }

    /** The events of one aggregate by sequence, {@code limit} from {@code fromSequence} on, and its latest snapshots. */
    @GetMapping("/aggregates/{aggregateId}")
    AggregateHistory aggregate(@PathVariable String aggregateId,
                               @RequestParam(defaultValue = "default") String context,
                               @RequestParam(required = false) String fromSequence,
                               @RequestParam(required = false) String limit) {
        EventStorage storage = Parameters.storage(storages, context);
        String id = Parameters.id("aggregate id", aggregateId);
        int pageSize = Parameters.limit(limit, MAX_LIMIT, MAX_LIMIT);
        Long first = Parameters.cursor("fromSequence", fromSequence);
        long highest = storage.highestSequence(id);
        if (highest < 0) {
            throw notFound("No events of aggregate '" + id + "' in context " + context);
        }
        long start = first == null ? 0 : Math.max(0, first);
        List<EventView> events = storage.aggregateEvents(id, start, pageSize).stream()
                .map(EventsController::view)
                .toList();
        long nextSequence = start + events.size();
        List<EventView> snapshots = storage.readSnapshots(id, 0, Long.MAX_VALUE, MAX_SNAPSHOTS).stream()
                .map(snapshot -> EventView.of(-1, snapshot))
                .toList();
        return new AggregateHistory(context, id, highest, events,
                nextSequence > highest ? null : nextSequence, snapshots);
    }

    @GetMapping("/payload-types")
    PayloadTypes payloadTypes(@RequestParam(defaultValue = "default") String context) {
        return new PayloadTypes(context, Parameters.storage(storages, context).payloadTypes());
    }

    private static EventView view(StoredEvent stored) {
        return EventView.of(stored.token(), stored.event());
    }

    record EventPage(String context, List<EventView> events, String next) {
    }

    record AggregateHistory(String context, String aggregateId, long highestSequence, List<EventView> events,
                            Long nextSequence, List<EventView> snapshots) {
    }

    record PayloadTypes(String context, SortedSet<String> payloadTypes) {
    }
}
