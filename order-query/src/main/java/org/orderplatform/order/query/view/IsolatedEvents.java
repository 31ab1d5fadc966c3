package org.orderplatform.order.query.view;

import org.springframework.stereotype.Component;

import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Events of batches whose writes failed for a reason other than an outage. The processor hands such a batch over
 * again; its events are then written one at a time, inside their handlers, so that the one that fails is parked alone
 * in the dead-letter queue and the others are written once.
 */
@Component
class IsolatedEvents {

    /** Enough for a few failed batches; an event left out is only isolated when its batch fails once more. */
    private static final int LIMIT = 10_000;

    private final Set<String> eventIds = ConcurrentHashMap.newKeySet();

    void isolate(Collection<String> batch) {
        for (String eventId : batch) {
            if (eventIds.size() >= LIMIT) {
                return;
            }
            eventIds.add(eventId);
        }
    }

    /** Whether the event is to be written on its own; it is only once. */
    boolean release(String eventId) {
        return eventIds.remove(eventId);
    }
}
