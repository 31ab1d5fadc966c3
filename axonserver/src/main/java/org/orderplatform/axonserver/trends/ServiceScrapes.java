package org.orderplatform.axonserver.trends;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads the {@code /actuator/prometheus} of every instance of the services, all at once and each within
 * {@link #TIMEOUT}: an instance that is down or frozen only leaves its figures out of this sample. Said in the log
 * once per outage, not at every sample.
 */
final class ServiceScrapes {

    private static final Logger log = LoggerFactory.getLogger(ServiceScrapes.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    private final Map<String, List<URI>> services;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(TIMEOUT)
            .build();
    private final Set<URI> failing = ConcurrentHashMap.newKeySet();

    ServiceScrapes(Map<String, List<URI>> services) {
        this.services = services;
    }

    /** The samples of every instance that answered, together; null when none is configured or none answered. */
    PrometheusText scrape() {
        if (services.isEmpty()) {
            return null;
        }
        List<CompletableFuture<PrometheusText>> scrapes = new ArrayList<>();
        services.forEach((name, instances) -> instances.forEach(base ->
                scrapes.add(scrape(name, base.resolve("/actuator/prometheus")))));
        List<PrometheusText> answered = scrapes.stream().map(CompletableFuture::join).filter(text -> text != null).toList();
        return answered.isEmpty() ? null : PrometheusText.join(answered);
    }

    private CompletableFuture<PrometheusText> scrape(String service, URI endpoint) {
        HttpRequest request = HttpRequest.newBuilder(endpoint).timeout(TIMEOUT).header("Accept", "text/plain").build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                .thenApply(response -> {
                    if (response.statusCode() != 200) {
                        throw new IllegalStateException("answered " + response.statusCode());
                    }
                    PrometheusText text = PrometheusText.parse(response.body());
                    if (failing.remove(endpoint)) {
                        log.info("The charts read {}'s figures again at {}", service, endpoint);
                    }
                    return text;
                })
                .exceptionally(failure -> {
                    if (failing.add(endpoint)) {
                        log.warn("The charts cannot read {}'s figures at {} ({}); leaving them out until they can",
                                service, endpoint, failure.getMessage());
                    }
                    return null;
                });
    }
}
