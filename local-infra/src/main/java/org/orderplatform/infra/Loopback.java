package org.orderplatform.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** The one address every stand-in listens on, and free ports on it. */
final class Loopback {

    static final String HOST = "127.0.0.1";

    private Loopback() {
    }

    /** The given port, or a free one when it is 0. */
    static int portOrFree(int port) {
        if (port != 0) {
            return port;
        }
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("No free port on " + HOST, e);
        }
    }

    static void requireValidPort(int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("Port must be 0 (free port) or 1-65535, was " + port);
        }
    }
}
