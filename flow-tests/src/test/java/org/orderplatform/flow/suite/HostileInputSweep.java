package org.orderplatform.flow.suite;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import org.orderplatform.flow.Http;
import org.orderplatform.flow.suite.HostileInputs.Probe;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.locks.LockSupport;

/**
 * Sends the probes of {@link HostileInputs} to a running server, signed in as one who may call every operation, and
 * says what went wrong: a 5xx, a refusal of the token (the probe then tests nothing), a malformed request accepted, a refusal that is not {@code application/problem+json} with a {@code detail}, a refusal of one
 * field that does not name it. What the suite stores is counted before and after, to show nothing was written.
 */
final class HostileInputSweep {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> SYSTEM_DATABASES = Set.of("admin", "config", "local");
    private static final int QUOTED = 160;

    private HostileInputSweep() {
    }

    /**
     * What went wrong, one line per probe; empty when every answer was right. Probes go out one at a time, at
     * least {@code spacing} apart: the gateway limits each client's rate, and its {@code 429} would hide the answer.
     */
    static List<String> findings(String server, int port, List<Probe> probes, Map<String, String> headers,
                                 Duration spacing) {
        List<String> findings = new ArrayList<>();
        for (Probe probe : probes) {
            LockSupport.parkNanos(spacing.toNanos());
            Map<String, String> sent = new LinkedHashMap<>(headers);
            if (probe.contentType() != null) {
                sent.put("Content-Type", probe.contentType());
            }
            RawHttp.Answer answer = RawHttp.send(port, probe.method(), probe.target(), sent, probe.body());
            String problem = judge(probe, answer);
            if (problem != null) {
                findings.add(server + ": " + probe + ": " + problem);
            }
        }
        return findings;
    }

    static String judge(Probe probe, RawHttp.Answer answer) {
        int status = answer.status();
        if (status >= 500) {
            return "answered " + status + ": " + quoted(answer.body());
        }
        if (status == 401 || status == 403) {
            return "never reached the operation, refused with " + status + ": " + quoted(answer.body());
        }
        if (probe.malformed() && status < 400) {
            return "accepted with " + status + ": " + quoted(answer.body());
        }
        if (status < 400) {
            return null;
        }
        if (!answer.header("Content-Type").startsWith("application/problem+json")) {
            return "answered " + status + " as '" + answer.header("Content-Type") + "': " + quoted(answer.body());
        }
        JsonNode problem;
        try {
            problem = JSON.readTree(answer.body());
        } catch (IOException e) {
            return "answered " + status + " with a problem that is not JSON: " + quoted(answer.body());
        }
        if (problem.path("status").asInt() != status || problem.path("detail").asText().isBlank()) {
            return "answered " + status + " with a problem without its status or a detail: " + quoted(answer.body());
        }
        if (probe.field() != null && status == 400 && !problem.path("detail").asText().contains(probe.field())) {
            return "refused, but the detail does not name " + probe.field() + ": " + problem.path("detail").asText();
        }
        return null;
    }

    /**
     * How many documents each collection of each database holds, and how many events the event store holds: what
     * a write would change. Read until two readings a moment apart agree, so that work still settling from
     * earlier requests is not taken for a write.
     */
    static Map<String, Long> storedCounts(Map<String, String> operator) {
        try (MongoClient mongo = MongoClients.create("mongodb://localhost:27017")) {
            Map<String, Long> previous = null;
            for (int reading = 0; reading < 30; reading++) {
                Map<String, Long> counts = countsNow(mongo, operator);
                if (counts.equals(previous)) {
                    return counts;
                }
                previous = counts;
                LockSupport.parkNanos(Duration.ofSeconds(2).toNanos());
            }
            throw new IllegalStateException("the stored counts never settled: " + previous);
        }
    }

    private static Map<String, Long> countsNow(MongoClient mongo, Map<String, String> operator) {
        Map<String, Long> counts = new TreeMap<>();
        for (String name : mongo.listDatabaseNames()) {
            if (SYSTEM_DATABASES.contains(name)) {
                continue;
            }
            MongoDatabase database = mongo.getDatabase(name);
            for (String collection : database.listCollectionNames()) {
                counts.put(name + "." + collection, database.getCollection(collection).countDocuments());
            }
        }
        Http.get("http://localhost:8024/v1/status", operator).body().path("contexts").forEach(context ->
                counts.put("event store " + context.path("context").asText(), context.path("events").asLong()));
        return counts;
    }

    private static String quoted(String body) {
        String flat = body.replaceAll("\\s+", " ");
        return flat.length() > QUOTED ? flat.substring(0, QUOTED) + "…" : flat;
    }
}
