package org.orderplatform.order.query;

import org.orderplatform.axonserver.EmbeddedAxonServer;
import org.orderplatform.infra.EmbeddedMongo;
import org.orderplatform.signin.EmbeddedSignin;

/**
 * The Axon server, the MongoDB-compatible server and the sign-in server, started once per test JVM and shared by every
 * integration test class, as the Spring context is; the JVM's exit stops them.
 */
final class Infrastructure {

    static final EmbeddedMongo MONGO = EmbeddedMongo.start();
    static final EmbeddedAxonServer AXON_SERVER = EmbeddedAxonServer.startInTemporaryDirectory("order-query-it-axonserver");
    static final EmbeddedSignin SIGNIN = EmbeddedSignin.start();

    private Infrastructure() {
    }
}
