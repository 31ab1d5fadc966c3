package org.orderplatform.flow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;

import java.util.Map;

/** Plain HTTP calls that keep every answer, whatever its status, for the tests to look at. */
public final class Http {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final RestClient CLIENT = RestClient.builder().build();

    private Http() {
    }

    public record Answer(int status, HttpHeaders headers, JsonNode body) {

        public String text(String field) {
            return body.get(field).asText();
        }
    }

    /** The header that carries an access token. */
    public static Map<String, String> bearer(String accessToken) {
        return Map.of(HttpHeaders.AUTHORIZATION, "Bearer " + accessToken);
    }

    public static Answer get(String url) {
        return call(HttpMethod.GET, url, null, Map.of());
    }

    public static Answer get(String url, Map<String, String> headers) {
        return call(HttpMethod.GET, url, null, headers);
    }

    public static Answer post(String url, String body) {
        return call(HttpMethod.POST, url, body, Map.of());
    }

    public static Answer post(String url, String body, Map<String, String> headers) {
        return call(HttpMethod.POST, url, body, headers);
    }

    private static Answer call(HttpMethod method, String url, String body, Map<String, String> headers) {
        var request = CLIENT.method(method).uri(url);
        headers.forEach(request::header);
        if (body != null) {
            request = request.contentType(MediaType.APPLICATION_JSON).body(body);
        }
        return request.exchange((req, response) -> {
            byte[] bytes = response.getBody().readAllBytes();
            return new Answer(response.getStatusCode().value(), response.getHeaders(),
                    bytes.length == 0 ? JSON.nullNode() : JSON.readTree(bytes));
        });
    }
}
