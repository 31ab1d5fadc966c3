package org.orderplatform.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

/**
 * The benchmark's access token: it signs in to the sign-in server as itself (client credentials of the client
 * {@code load-bench}, role {@code service}, which may place and read any customer's orders), and signs in again
 * when half the token's life is over, so runs longer than a token lives keep going.
 */
final class ServiceToken {

    private static final URI TOKEN_ENDPOINT = URI.create(
            Optional.ofNullable(System.getenv("SIGNIN_URL")).orElse("http://localhost:9000") + "/oauth2/token");
    private static final String CLIENT_ID = "load-bench";
    private static final String SECRET = Optional.ofNullable(System.getenv("SIGNIN_LOAD_BENCH_SECRET"))
            .orElse("load-bench-secret");
    private static final ServiceToken SHARED = new ServiceToken();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final ObjectMapper json = new ObjectMapper();
    private String token;
    private Instant renewAt = Instant.MIN;

    private ServiceToken() {
    }

    /** The {@code Authorization} header value for the suite's APIs, valid for at least half a token's life. */
    static String bearer() {
        return "Bearer " + SHARED.current();
    }

    private synchronized String current() {
        Instant now = Instant.now();
        if (now.isAfter(renewAt)) {
            JsonNode answer = signIn();
            token = answer.path("access_token").asText();
            renewAt = now.plusSeconds(answer.path("expires_in").asLong(60) / 2);
        }
        return token;
    }

    private JsonNode signIn() {
        String basic = Base64.getEncoder()
                .encodeToString((CLIENT_ID + ":" + SECRET).getBytes(StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(TOKEN_ENDPOINT)
                .timeout(Duration.ofSeconds(10))
                .header("Authorization", "Basic " + basic)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials"))
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("the sign-in server refused the benchmark's client ("
                        + response.statusCode() + "): " + response.body());
            }
            return json.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException("no access token from " + TOKEN_ENDPOINT + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while signing in", e);
        }
    }
}
