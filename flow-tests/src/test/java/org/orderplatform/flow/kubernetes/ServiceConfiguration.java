package org.orderplatform.flow.kubernetes;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.orderplatform.flow.ProjectFiles.flatten;

/**
 * A service module's configuration as the service reads it: the YAML and properties files directly in its
 * {@code src/main/resources} and in those of the modules that add theirs behind it (the first taking precedence),
 * each property with the placeholders its value holds ({@code ${CATALOG_URL:http://localhost:8084}}).
 */
record ServiceConfiguration(Map<String, String> properties, List<Placeholder> placeholders) {

    /** A placeholder in a property's value; {@code defaultValue} is null when it has none. */
    record Placeholder(String name, String property, String defaultValue) {

        /** An environment variable's name, rather than another property's ({@code ${axonserver.data-dir}}). */
        boolean isEnvironmentVariable() {
            return name.matches("[A-Z_][A-Z0-9_]*");
        }
    }

    static ServiceConfiguration of(List<Path> resourceDirectories) {
        Map<String, String> properties = new LinkedHashMap<>();
        resourceDirectories.stream().filter(Files::isDirectory).forEach(resources -> readInto(properties, resources));
        List<Placeholder> placeholders = new ArrayList<>();
        properties.forEach((property, value) -> placeholders.addAll(placeholders(property, value)));
        return new ServiceConfiguration(properties, placeholders);
    }

    /** Every name a placeholder reads, nested defaults included. */
    Set<String> variables() {
        Set<String> names = new TreeSet<>();
        placeholders.forEach(placeholder -> names.add(placeholder.name()));
        return names;
    }

    /** A property as the service sees it with this environment: variables set there, else the defaults. */
    String value(String property, Map<String, String> environment) {
        String raw = properties.get(property);
        return raw == null ? null : resolve(raw.strip(), environment);
    }

    static String resolve(String value, Map<String, String> environment) {
        StringBuilder resolved = new StringBuilder();
        int from = 0;
        for (Span span : spans(value)) {
            resolved.append(value, from, span.start());
            String set = environment.get(span.name());
            if (set != null) {
                resolved.append(set);
            } else if (span.defaultValue() != null) {
                resolved.append(resolve(span.defaultValue(), environment));
            }
            from = span.end();
        }
        return resolved.append(value.substring(from)).toString();
    }

    private static List<Placeholder> placeholders(String property, String value) {
        List<Placeholder> found = new ArrayList<>();
        for (Span span : spans(value)) {
            found.add(new Placeholder(span.name(), property, span.defaultValue()));
            if (span.defaultValue() != null) {
                found.addAll(placeholders(property, span.defaultValue()));
            }
        }
        return found;
    }

    /** The outermost {@code ${NAME}} and {@code ${NAME:default}} of a value, defaults that nest others included. */
    private static List<Span> spans(String value) {
        List<Span> spans = new ArrayList<>();
        int start = value.indexOf("${");
        while (start >= 0) {
            int depth = 0;
            int colon = -1;
            int end = -1;
            for (int i = start; i < value.length(); i++) {
                if (value.startsWith("${", i)) {
                    depth++;
                    i++;
                } else if (value.charAt(i) == ':' && depth == 1 && colon < 0) {
                    colon = i;
                } else if (value.charAt(i) == '}' && --depth == 0) {
                    end = i;
                    break;
                }
            }
            if (end < 0) {
                break;
            }
            String name = value.substring(start + 2, colon < 0 ? end : colon);
            spans.add(new Span(start, end + 1, name, colon < 0 ? null : value.substring(colon + 1, end)));
            start = value.indexOf("${", end + 1);
        }
        return spans;
    }

    private record Span(int start, int end, String name, String defaultValue) {
    }

    private static void readInto(Map<String, String> properties, Path resources) {
        try (Stream<Path> files = Files.list(resources)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                String name = file.getFileName().toString();
                if (name.endsWith(".yml") || name.endsWith(".yaml")) {
                    Kustomization.readYaml(file).forEach(document -> flatten("", document, properties));
                } else if (name.endsWith(".properties")) {
                    Properties loaded = new Properties();
                    try (Reader reader = Files.newBufferedReader(file)) {
                        loaded.load(reader);
                    }
                    loaded.stringPropertyNames().forEach(key -> properties.putIfAbsent(key, loaded.getProperty(key)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resources, e);
        }
    }

}
