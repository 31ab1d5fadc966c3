package org.orderplatform.gateway;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The gateway on an ephemeral port, with the settings a test gives it (as command-line arguments, over gateway.yml). */
final class GatewayServer implements AutoCloseable {

    // Redirects are not followed: a Location is what the tests look at.
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private final ConfigurableApplicationContext context;
    final URI base;

    private GatewayServer(ConfigurableApplicationContext context) {
        this.context = context;
        this.base = URI.create("http://localhost:" + ((WebServerApplicationContext) context).getWebServer().getPort());
    }

    static GatewayServer start(Map<String, String> settings) {
        List<String> args = new ArrayList<>(List.of("--server.port=0",
                // The sign-in server shares the tests' class path; the gateway must not become one too.
                "--spring.autoconfigure.exclude="
                        + "org.springframework.boot.autoconfigure.security.oauth2.server.servlet.OAuth2AuthorizationServerAutoConfiguration,"
                        + "org.springframework.boot.autoconfigure.security.oauth2.server.servlet.OAuth2AuthorizationServerJwtAutoConfiguration"));
        settings.forEach((name, value) -> args.add("--" + name + "=" + value));
        return new GatewayServer(new SpringApplicationBuilder(GatewayApplication.class)
                .properties(GatewayApplication.CONFIG_NAME)
                .run(args.toArray(String[]::new)));
    }

    URI uri(String pathAndQuery) {
        return base.resolve(pathAndQuery);
    }

    /** A request as a client sends it: a JSON body if any, the bearer token if any. */
    HttpResponse<String> send(String method, String pathAndQuery, String token, String body)
            throws IOException, InterruptedException {
        return send(method, pathAndQuery, token, body, Map.of());
    }

    /** The same, with further headers. */
    HttpResponse<String> send(String method, String pathAndQuery, String token, String body,
                              Map<String, String> headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(pathAndQuery)).timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        headers.forEach(request::header);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A count the gateway keeps per instance of a service, as an operator reads it from the Prometheus endpoint. */
    double instanceCount(String metric, String service, URI instance) throws IOException, InterruptedException {
        String metrics = send("GET", "/actuator/prometheus", null, null).body();
        return metrics.lines()
                .filter(line -> line.startsWith(metric + "{")
                        && line.contains("service=\"" + service + "\"")
                        && line.contains("address=\"" + instance + "\""))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + metric + " for " + instance + " in\n" + metrics));
    }

    @Override
    public void close() {
        context.close();
    }
}
