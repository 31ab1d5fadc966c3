package org.orderplatform.notification;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** The HTTP API of a running notification service, called as a client would, with any answer taken as it comes. */
final class NotificationApi {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final RestClient http;

    NotificationApi(int port) {
        this.http = RestClient.builder().baseUrl("http://localhost:" + port)
                .defaultStatusHandler(status -> true, (request, response) -> { })
                .build();
    }

    record Answer(int status, MediaType type, HttpHeaders headers, JsonNode body) {
    }

    /** @param token the caller's access token, or {@code null} for a request without one */
    Answer call(String method, String path, String body, String token) {
        var request = http.method(HttpMethod.valueOf(method)).uri(path);
        if (token != null) {
            request = request.headers(headers -> headers.setBearerAuth(token));
        }
        if (body != null) {
            request = request.contentType(MediaType.APPLICATION_JSON).body(body);
        }
        return request.exchange((req, response) -> {
            byte[] bytes = response.getBody().readAllBytes();
            return new Answer(response.getStatusCode().value(), response.getHeaders().getContentType(),
                    response.getHeaders(), bytes.length == 0 ? null : JSON.readTree(bytes));
        });
    }

    String text(String path) {
        return http.get().uri(path).accept(MediaType.TEXT_PLAIN).exchange((request, response) -> {
            String body = new String(response.getBody().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(response.getStatusCode().value()).as("GET %s: %s", path, body).isEqualTo(200);
            return body;
        });
    }

    /** The sum of the metric's series, as Prometheus scrapes them. */
    double metric(String name) {
        return text("/actuator/prometheus").lines()
                .filter(line -> line.startsWith(name + "{") || line.startsWith(name + " "))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }
}
