package org.orderplatform.flow.monitoring;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What the alert rules of a Prometheus rule file read: the names of the metrics their expressions select. */
public final class AlertRules {

    /** Label lists ({@code by (a, b)}), matchers ({@code {state="open"}}), ranges and strings name no metric. */
    private static final Pattern NOT_METRICS = Pattern.compile(
            "\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)|\\{[^}]*}|\\[[^]]*]|\"[^\"]*\"");
    /** An identifier that is not a call, nor a number's exponent. */
    private static final Pattern IDENTIFIER = Pattern.compile("(?<![\\w.])([a-zA-Z_:][a-zA-Z0-9_:]*+)(?!\\s*\\()");
    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset", "inf", "nan");

    private AlertRules() {
    }

    public static Set<String> metricsNamed(Path ruleFile) {
        JsonNode rules;
        try {
            rules = new YAMLMapper().readTree(ruleFile.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Set<String> metrics = new TreeSet<>();
        rules.get("groups").forEach(group -> group.get("rules")
                .forEach(rule -> metrics.addAll(metricsIn(rule.get("expr").asText()))));
        return metrics;
    }

    public static Set<String> metricsIn(String expression) {
        Set<String> metrics = new TreeSet<>();
        Matcher identifier = IDENTIFIER.matcher(NOT_METRICS.matcher(expression).replaceAll(" "));
        while (identifier.find()) {
            if (!KEYWORDS.contains(identifier.group(1).toLowerCase())) {
                metrics.add(identifier.group(1));
            }
        }
        return metrics;
    }
}
