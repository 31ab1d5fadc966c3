package org.orderplatform.axonserver.operations;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.orderplatform.axonserver.SuiteServices;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.util.UriComponentsBuilder;
import org.springframework.web.util.UriUtils;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The operations view's API: the order sagas of order-command and the dead letters of every service that keeps them,
 * with their actions, each sent to the service's own {@code /admin} API with the operator's access token. The
 * services' answers come back as they gave them, problems included.
 */
@RestController
@RequestMapping("/v1/operations")
class OperationsController {

    private static final String SAGAS_SERVICE = "order-command";
    private static final Set<String> SAGA_ACTIONS = Set.of("retry", "expire", "compensate");

    private final ServiceAdmin admin;
    private final OperatorTokens tokens;
    private final SuiteServices suite;
    private final ObjectMapper json;

    OperationsController(ServiceAdmin admin, OperatorTokens tokens, SuiteServices suite, ObjectMapper json) {
        this.admin = admin;
        this.tokens = tokens;
        this.suite = suite;
        this.json = json;
    }

    @GetMapping("/sagas")
    ResponseEntity<String> sagas(@RequestParam(required = false) String step,
                                 @RequestParam(required = false) String olderThan,
                                 @RequestParam(required = false) Integer limit) {
        String path = UriComponentsBuilder.fromPath("/admin/sagas")
                .queryParamIfPresent("step", Optional.ofNullable(step))
                .queryParamIfPresent("olderThan", Optional.ofNullable(olderThan))
                .queryParamIfPresent("limit", Optional.ofNullable(limit))
                .encode().build().toUriString();
        return admin.call(SAGAS_SERVICE, "GET", path, tokens.current());
    }

    @GetMapping("/sagas/{orderId}")
    ResponseEntity<String> saga(@PathVariable String orderId) {
        return admin.call(SAGAS_SERVICE, "GET", "/admin/sagas/" + segment(orderId),
                tokens.current());
    }

    /** {@code retry}, {@code expire} or {@code compensate} the saga of one order. */
    @PostMapping("/sagas/{orderId}/{action}")
    ResponseEntity<String> act(@PathVariable String orderId, @PathVariable String action) {
        if (!SAGA_ACTIONS.contains(action)) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND,
                    "no saga action '" + action + "': retry, expire or compensate");
        }
        return admin.call(SAGAS_SERVICE, "POST", "/admin/sagas/" + segment(orderId) + "/" + action,
                tokens.current());
    }

    /**
     * Every configured service's dead letters, asked all at once: {@code [{"service","available","deadLetters"}]},
     * or {@code "detail"} in place of the letters for a service that could not tell. A service without dead letters
     * to keep (its {@code /admin/dead-letters} is a {@code 404}) is left out.
     */
    @GetMapping("/dead-letters")
    ArrayNode deadLetters() {
        String token = tokens.current();
        Map<String, CompletableFuture<ResponseEntity<String>>> asked = new LinkedHashMap<>();
        suite.services().keySet().stream().sorted()
                .forEach(service -> asked.put(service, admin.send(service, "GET", "/admin/dead-letters", token)));
        ArrayNode services = json.createArrayNode();
        asked.forEach((service, answer) -> {
            ObjectNode entry = json.createObjectNode().put("service", service);
            try {
                ResponseEntity<String> answered = answer.join();
                if (answered.getStatusCode().value() == HttpStatus.NOT_FOUND.value()) {
                    return;
                }
                JsonNode body = answered.getBody() == null ? null : json.readTree(answered.getBody());
                if (answered.getStatusCode().is2xxSuccessful() && body != null && body.isArray()) {
                    entry.put("available", true).set("deadLetters", body);
                } else {
                    entry.put("available", false).put("detail", body != null && body.hasNonNull("detail")
                            ? body.get("detail").asText() : "answered " + answered.getStatusCode().value());
                }
            } catch (CompletionException e) {
                entry.put("available", false).put("detail", e.getCause().getMessage());
            } catch (JsonProcessingException e) {
                entry.put("available", false).put("detail", "answered with something other than JSON");
            }
            services.add(entry);
        });
        return services;
    }

    @PostMapping("/dead-letters/{service}/retry")
    ResponseEntity<String> retryAll(@PathVariable String service) {
        return admin.call(service, "POST", "/admin/dead-letters/retry", tokens.current());
    }

    @PostMapping("/dead-letters/{service}/{id}/retry")
    ResponseEntity<String> retry(@PathVariable String service, @PathVariable String id) {
        return admin.call(service, "POST", "/admin/dead-letters/" + segment(id) + "/retry",
                tokens.current());
    }

    @DeleteMapping("/dead-letters/{service}/{id}")
    ResponseEntity<String> evict(@PathVariable String service, @PathVariable String id) {
        return admin.call(service, "DELETE", "/admin/dead-letters/" + segment(id),
                tokens.current());
    }

    private static String segment(String value) {
        return UriUtils.encodePathSegment(value, StandardCharsets.UTF_8);
    }
}
