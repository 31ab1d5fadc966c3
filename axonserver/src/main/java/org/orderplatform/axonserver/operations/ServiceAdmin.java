package org.orderplatform.axonserver.operations;

import org.orderplatform.axonserver.SuiteServices;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.server.ResponseStatusException;

import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Calls one service's {@code /admin} API for an operator and hands its answer back as it came: status, JSON or
 * problem. What it administers is the service's, not one instance's, so the first instance that can be reached
 * answers. A service that is not configured is a {@code 404}; one of which no instance can be reached in
 * {@link #TIMEOUT}, a {@code 503} with {@code Retry-After}.
 */
@Component
class ServiceAdmin {

    static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final String RETRY_AFTER_SECONDS = "5";
    private static final Set<String> METHODS = Set.of("GET", "POST", "DELETE");

    private final SuiteServices suite;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(TIMEOUT)
            .build();

    ServiceAdmin(SuiteServices suite) {
        this.suite = suite;
    }

    /** {@code path} already encoded, from {@code /admin} on, with its query. */
    ResponseEntity<String> call(String service, String method, String path, String token) {
        try {
            return send(service, method, path, token).join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof ErrorResponseException unavailable ? unavailable : e;
        }
    }

    /** As {@link #call}, without waiting: several services are asked at once. */
    CompletableFuture<ResponseEntity<String>> send(String service, String method, String path, String token) {
        if (!METHODS.contains(method) || !path.startsWith("/admin/")) {
            throw new IllegalArgumentException("not an admin call: " + method + " " + path);
        }
        List<URI> instances = suite.instances(service);
        if (instances.isEmpty()) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "no service '" + service
                    + "' is configured (axonserver.suite.services): " + String.join(", ", suite.services().keySet()));
        }
        return send(service, instances, 0, method, path, token);
    }

    private CompletableFuture<ResponseEntity<String>> send(String service, List<URI> instances, int instance,
                                                           String method, String path, String token) {
        HttpRequest request = HttpRequest.newBuilder(instances.get(instance).resolve(path))
                .timeout(TIMEOUT)
                .header(HttpHeaders.ACCEPT, MediaType.APPLICATION_JSON_VALUE + ", "
                        + MediaType.APPLICATION_PROBLEM_JSON_VALUE)
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                .method(method, HttpRequest.BodyPublishers.noBody())
                .build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                .thenApply(ServiceAdmin::passedOn)
                .exceptionallyCompose(failure -> {
                    Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
                    // Not connected, so the call never reached that instance: the next one may take it.
                    if ((cause instanceof ConnectException || cause instanceof HttpConnectTimeoutException)
                            && instance + 1 < instances.size()) {
                        return send(service, instances, instance + 1, method, path, token);
                    }
                    throw unavailable(service, cause.getMessage() == null ? cause.getClass().getSimpleName()
                            : cause.getMessage());
                });
    }

    private static ResponseEntity<String> passedOn(HttpResponse<String> answer) {
        ResponseEntity.BodyBuilder passed = ResponseEntity.status(answer.statusCode());
        answer.headers().firstValue(HttpHeaders.CONTENT_TYPE)
                .ifPresent(type -> passed.header(HttpHeaders.CONTENT_TYPE, type));
        answer.headers().firstValue(HttpHeaders.RETRY_AFTER)
                .ifPresent(after -> passed.header(HttpHeaders.RETRY_AFTER, after));
        return passed.body(answer.body());
    }

    private static ErrorResponseException unavailable(String service, String why) {
        ErrorResponseException unavailable = new ErrorResponseException(HttpStatus.SERVICE_UNAVAILABLE,
                ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, service + " cannot be reached: " + why),
                null);
        unavailable.getHeaders().set(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
        return unavailable;
    }
}
