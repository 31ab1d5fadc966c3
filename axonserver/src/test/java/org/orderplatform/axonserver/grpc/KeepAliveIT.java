package org.orderplatform.axonserver.grpc;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.orderplatform.axonserver.command.CommandRouter;
import org.orderplatform.axonserver.support.RawClient;
import org.orderplatform.axonserver.support.ServerPerClass;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.awaitility.Awaitility.await;

/**
 * The server's own keepalive pings. A peer that is gone without closing its connection (a partition, a host that
 * died) answers none, so the server drops the connection and the peer's handler streams end with it. The peer here is
 * a handler behind a relay that stops passing anything on; it sends no heartbeats, so only the pings can find it out.
 */
class KeepAliveIT {

    /** grpc-java's shortest: it pings no sooner than 10 s after the last traffic. */
    private static final Duration KEEP_ALIVE_TIME = Duration.ofSeconds(10);

    @RegisterExtension
    static final ServerPerClass SERVER = new ServerPerClass(Map.of(
            "axonserver.keep-alive-time", KEEP_ALIVE_TIME.toSeconds() + "s",
            "axonserver.keep-alive-timeout", "1s"));

    @Test
    void dropsAConnectionWhosePeerStopsAnsweringPings() throws Exception {
        CommandRouter router = SERVER.get().bean(CommandRouter.class);
        try (Relay relay = new Relay(SERVER.get().grpcPort());
             RawClient handler = new RawClient(relay.port(), "staller", "staller-1")) {
            handler.handleCommand("Stall", 10);
            await().atMost(Duration.ofSeconds(10)).until(() -> !router.handlers().isEmpty());

            relay.blackHole();

            await().atMost(KEEP_ALIVE_TIME.plusSeconds(20)).until(() -> router.handlers().isEmpty());
        }
    }

    /** Passes bytes both ways between a client and the server until told to swallow them all. */
    private static final class Relay implements AutoCloseable {

        private final int target;
        private final ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        private final List<Socket> sockets = new CopyOnWriteArrayList<>();
        private volatile boolean blackHole;

        Relay(int target) throws IOException {
            this.target = target;
            start(this::accept);
        }

        int port() {
            return listener.getLocalPort();
        }

        /** From now on nothing reaches the other side, while both connections stay open. */
        void blackHole() {
            blackHole = true;
        }

        @Override
        public void close() throws IOException {
            listener.close();
            for (Socket socket : sockets) {
                socket.close();
            }
        }

        private void accept() {
            try {
                while (true) {
                    Socket client = listener.accept();
                    Socket server = new Socket(InetAddress.getLoopbackAddress(), target);
                    sockets.add(client);
                    sockets.add(server);
                    start(() -> pump(client, server));
                    start(() -> pump(server, client));
                }
            } catch (IOException closed) {
                // The relay was closed.
            }
        }

        private void pump(Socket from, Socket to) {
            byte[] buffer = new byte[8192];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int read;
                while ((read = in.read(buffer)) >= 0) {
                    if (!blackHole) {
                        out.write(buffer, 0, read);
                    }
                }
            } catch (IOException closed) {
                // One side went away; the other one's pump ends too once its socket is closed.
            }
        }

        private static void start(Runnable task) {
            Thread thread = new Thread(task, "relay");
            thread.setDaemon(true);
            thread.start();
        }
    }
}
