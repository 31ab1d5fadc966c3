package org.orderplatform.infra;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Test helper: whether a stopped server gave its port back. */
final class Ports {

    private Ports() {
    }

    static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getByName(Loopback.HOST))) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
