package org.orderplatform.infra;

import de.bwaldvogel.mongo.MongoServer;

import java.nio.file.Path;

/**
 * Test helper run as its own JVM: the journaled MongoDB stand-in on a data directory, compacting often, until the
 * process is killed. Prints {@code port=N} once it listens.
 */
public final class JournaledMongoProcess {

    static final String PORT_PREFIX = "port=";
    /** Small enough that the test's writes cross several compactions, so a kill may land in one. */
    static final Journal.Compaction FREQUENT = new Journal.Compaction(64 * 1024, 2);

    private JournaledMongoProcess() {
    }

    public static void main(String[] args) throws InterruptedException {
        MongoServer server = new MongoServer(JournaledMemoryBackend.open(Path.of(args[0]), FREQUENT));
        server.bind(Loopback.HOST, 0);
        System.out.println(PORT_PREFIX + server.getLocalAddress().getPort());
        System.out.flush();
        Thread.currentThread().join();
    }
}
