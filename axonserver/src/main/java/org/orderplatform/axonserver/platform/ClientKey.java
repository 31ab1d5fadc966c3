package org.orderplatform.axonserver.platform;

/**
 * Identifies one client application instance within one context; the same instance may connect to several contexts.
 *
 * @param context  the Axon context the client connected to
 * @param clientId the unique id of the instance, as the client reports it
 */
public record ClientKey(String context, String clientId) {
}
