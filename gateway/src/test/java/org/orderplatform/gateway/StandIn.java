package org.orderplatform.gateway;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;

/**
 * A real HTTP server standing in for one of the services: it records what reaches it and answers
 * {@code {"service":NAME}} unless a test gave a path its own answer.
 */
final class StandIn implements AutoCloseable {

    record Seen(String method, String target, String authorization, String body) {
    }

    @FunctionalInterface
    interface Answer {
        void send(HttpExchange exchange) throws IOException, InterruptedException;
    }

    final String name;
    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();

    private StandIn(String name) throws IOException {
        this.name = name;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(threads);
        server.start();
    }

    static StandIn start(String name) throws IOException {
        return new StandIn(name);
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** An instance that is down: a port that was free a moment ago, so that connections to it are refused. */
    static URI down() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return URI.create("http://127.0.0.1:" + socket.getLocalPort());
        }
    }

    /** An answer that is none: the connection closes once the request is read, as when a service is killed mid-request. */
    static void breakOff(HttpExchange exchange) {
        // Closing an exchange that sent no headers closes its connection.
    }

    void answer(String method, String path, Answer answer) {
        answers.put(method + " " + path, answer);
    }

    /** The last request that reached this service with that method, path and query (in any order), if any did. */
    Optional<Seen> saw(String method, String target) {
        return seen.stream()
                .filter(s -> s.method().equals(method) && normal(s.target()).equals(normal(target)))
                .reduce((first, second) -> second);
    }

    private static String normal(String target) {
        int query = target.indexOf('?');
        return query < 0 ? target : target.substring(0, query) + "?"
                + Arrays.stream(target.substring(query + 1).split("&")).sorted().collect(Collectors.joining("&"));
    }

    @Override
    public String toString() {
        return name + " " + seen.stream().map(s -> s.method() + " " + s.target()).toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            URI uri = exchange.getRequestURI();
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            seen.add(new Seen(exchange.getRequestMethod(), uri.getRawPath()
                    + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()),
                    exchange.getRequestHeaders().getFirst("Authorization"), body));
            Answer answer = answers.get(exchange.getRequestMethod() + " " + uri.getRawPath());
            if (answer != null) {
                answer.send(exchange);
            } else {
                json(exchange, 200, "{\"service\":\"" + name + "\"}");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static void json(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
