package org.orderplatform.flow.kubernetes;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What {@code kubectl kustomize} makes of a kustomization, for the part of kustomize the manifests use: its
 * {@code resources} (files, or directories with a kustomization of their own) and a {@code namespace}. Anything else
 * fails the rendering rather than being ignored, so that a check never passes on manifests it did not see whole.
 */
final class Kustomization {

    static final String FILE = "kustomization.yaml";

    private static final YAMLMapper YAML = new YAMLMapper();
    private static final Set<String> RENDERED_FIELDS = Set.of("apiVersion", "kind", "resources", "namespace");

    private Kustomization() {
    }

    /** The resources of the kustomization in {@code directory}, in the order kustomize lists them. */
    static List<JsonNode> render(Path directory) {
        Path file = directory.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("no " + FILE + " in " + directory);
        }
        JsonNode kustomization = readYaml(file).stream().findFirst()
                .orElseThrow(() -> new IllegalStateException(file + " is empty"));
        kustomization.fieldNames().forEachRemaining(field -> {
            if (!RENDERED_FIELDS.contains(field)) {
                throw new IllegalStateException(file + ": field " + field + " is not rendered here (only "
                        + String.join(", ", RENDERED_FIELDS.stream().sorted().toList()) + ")");
            }
        });
        List<JsonNode> resources = new ArrayList<>();
        for (JsonNode entry : kustomization.path("resources")) {
            Path resource = directory.resolve(entry.asText()).normalize();
            if (Files.isDirectory(resource)) {
                resources.addAll(render(resource));
            } else if (Files.isRegularFile(resource)) {
                resources.addAll(readYaml(resource));
            } else {
                throw new IllegalStateException(file + ": resource " + entry.asText() + " does not exist");
            }
        }
        String namespace = kustomization.path("namespace").asText("");
        if (!namespace.isBlank()) {
            resources.forEach(resource -> ((ObjectNode) resource.path("metadata")).put("namespace", namespace));
        }
        return resources;
    }

    static List<JsonNode> readYaml(Path file) {
        try (JsonParser parser = YAML.createParser(file.toFile());
             MappingIterator<JsonNode> documents = YAML.readValues(parser, JsonNode.class)) {
            return documents.readAll().stream().filter(document -> !document.isNull() && !document.isMissingNode())
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
