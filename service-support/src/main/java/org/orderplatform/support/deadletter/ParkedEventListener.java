package org.orderplatform.support.deadletter;

import org.axonframework.eventhandling.EventMessage;

/**
 * Told of each event that fails and is parked while its processor handles it, before its batch commits: a handler
 * that only buffered the event's changes for the end of the batch drops them here.
 */
@FunctionalInterface
public interface ParkedEventListener {

    void parked(String processor, EventMessage<?> event);
}
