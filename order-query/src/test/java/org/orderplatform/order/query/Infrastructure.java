package org.orderplatform.order.query;

import org.orderplatform.axonserver.EmbeddedAxonServer;
import org.orderplatform.infra.EmbeddedMongo;

/**
 * The Axon server and the MongoDB-compatible server, started once per test JVM and shared by every integration test
 * class, as the Spring context is; the JVM's exit stops them.
 */
final class Infrastructure {

    static final EmbeddedMongo MONGO = EmbeddedMongo.start();
    static final EmbeddedAxonServer AXON_SERVER = EmbeddedAxonServer.startInTemporaryDirectory("order-query-it-axonserver");

    private Infrastructure() {
    }
}
