package org.orderplatform.flow.monitoring;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** What the provisioned Grafana dashboards ask Prometheus: the expression of every panel's every query. */
public final class GrafanaDashboards {

    private GrafanaDashboards() {
    }

    /** One panel's query. */
    public record Query(String panel, String refId, String expression) {
    }

    public static List<Query> queries(Path dashboard) {
        List<Query> queries = new ArrayList<>();
        read(dashboard).get("panels").forEach(panel -> panel.get("targets").forEach(target -> queries.add(
                new Query(panel.get("title").asText(), target.get("refId").asText(), target.get("expr").asText()))));
        return queries;
    }

    public static Set<String> metricsNamed(Path dashboard) {
        Set<String> metrics = new TreeSet<>();
        queries(dashboard).forEach(query -> metrics.addAll(AlertRules.metricsIn(query.expression())));
        return metrics;
    }

    static JsonNode read(Path dashboard) {
        try {
            return JsonMapper.builder().build().readTree(dashboard.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
