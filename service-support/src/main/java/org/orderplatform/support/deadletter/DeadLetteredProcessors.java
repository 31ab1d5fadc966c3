package org.orderplatform.support.deadletter;

import java.util.List;

/**
 * The event processors (processing groups) of a service whose failing events are parked in a dead-letter queue in
 * the service's MongoDB instead of stopping them. Declaring this bean turns dead-lettering on for them, with the
 * operator API at {@code /admin/dead-letters} and the gauge {@code axon_dead_letters}.
 */
public record DeadLetteredProcessors(List<String> names) {

    public DeadLetteredProcessors {
        names = List.copyOf(names);
        if (names.isEmpty()) {
            throw new IllegalArgumentException("name at least one processing group to dead-letter");
        }
    }

    public static DeadLetteredProcessors of(String... names) {
        return new DeadLetteredProcessors(List.of(names));
    }
}
