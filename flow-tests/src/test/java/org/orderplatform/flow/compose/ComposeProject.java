package org.orderplatform.flow.compose;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import static org.orderplatform.flow.ProjectFiles.flatten;
import static org.orderplatform.flow.ProjectFiles.children;

/**
 * docker-compose.yml read beside the build whose services it runs. Every check derives what it expects from the
 * files (the root pom's modules, each module's configuration, prometheus.yml) and returns its problems, one line
 * each, empty when the compose file is right.
 */
final class ComposeProject {

    static final String COMPOSE_FILE = "docker-compose.yml";

    private static final YAMLMapper YAML = new YAMLMapper();
    /** What a Spring placeholder names: {@code ${CATALOG_URL:http://localhost:8084}} reads CATALOG_URL. */
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_.\\-]*)");
    private static final Pattern WHOLE_PLACEHOLDER = Pattern.compile("\\$\\{([^:}]+)(?::([^}]*))?}");
    private static final String PROMETHEUS_IMAGE = "prom/prometheus";
    private static final String PROMETHEUS_CONFIG = "/etc/prometheus/prometheus.yml";
    private static final String MODULE_ARG = "MODULE";
    private static final Set<String> ALL_INTERFACES = Set.of("", "0.0.0.0", "::", "[::]");
    /** Service modules that compose replaces with a published image, and the image that does their work. */
    private static final Map<String, String> RUN_FROM_IMAGES = Map.of(
            "axonserver", "axoniq/axonserver",
            "signin", "quay.io/keycloak/keycloak");
    private static final String HEALTHY = "service_healthy";
    private static final String COMPLETED = "service_completed_successfully";

    private final Path root;
    private final JsonNode services;
    private final Set<String> modules;

    private ComposeProject(Path root, JsonNode services, Set<String> modules) {
        this.root = root;
        this.services = services;
        this.modules = modules;
    }

    static ComposeProject at(Path root) {
        Path composeFile = root.resolve(COMPOSE_FILE);
        JsonNode compose = readYaml(composeFile).stream().findFirst()
                .orElseThrow(() -> new IllegalStateException(composeFile + " is empty"));
        return new ComposeProject(root, compose.path("services"), rootPomModules(root.resolve("pom.xml")));
    }

    /** A service with a {@code build} must build a module of this Maven build that packages an executable jar. */
    List<String> buildProblems() {
        List<String> problems = new ArrayList<>();
        for (BuiltService service : builtServices()) {
            if (!Files.isDirectory(service.context())) {
                problems.add("service " + service.name() + ": build context " + relative(service.context())
                        + " does not exist");
            } else if (!Files.isRegularFile(service.dockerfile())) {
                problems.add("service " + service.name() + ": Dockerfile " + relative(service.dockerfile())
                        + " does not exist");
            }
            if (service.module().isEmpty()) {
                problems.add("service " + service.name() + ": names no module (build argument " + MODULE_ARG
                        + ", or a module directory as build context)");
                continue;
            }
            String module = service.module().get();
            Path moduleDirectory = root.resolve(module);
            if (!Files.isRegularFile(moduleDirectory.resolve("pom.xml"))) {
                problems.add("service " + service.name() + ": builds module " + module
                        + ", which does not exist (no " + module + "/pom.xml)");
                continue;
            }
            if (!modules.contains(module)) {
                problems.add("service " + service.name() + ": builds module " + module
                        + ", which the root pom.xml does not list in <modules>");
            }
            if (!read(moduleDirectory.resolve("pom.xml")).contains("spring-boot-maven-plugin")) {
                problems.add("service " + service.name() + ": module " + module
                        + " packages no executable jar (no spring-boot-maven-plugin in its pom.xml)");
            }
        }
        return problems;
    }

    /**
     * Every service module of the build runs in compose, so that a new service cannot be left out unnoticed. A
     * service module is one with its configuration file named after it, {@code src/main/resources/<module>.yml}.
     */
    List<String> missingServiceProblems() {
        Set<String> composed = new TreeSet<>();
        builtServices().forEach(service -> service.module().ifPresent(composed::add));
        List<String> problems = new ArrayList<>();
        for (String module : modules) {
            Path configuration = root.resolve(module).resolve("src/main/resources/" + module + ".yml");
            boolean service = Files.isRegularFile(configuration);
            if (!service || composed.contains(module)) {
                continue;
            }
            String image = RUN_FROM_IMAGES.get(module);
            if (image == null) {
                problems.add("module " + module + ": a service of the build, yet no compose service builds it");
            } else if (fields(services).values().stream()
                    .filter(definition -> !isOneShot(definition))
                    .noneMatch(definition -> definition.path("image").asText("").startsWith(image + ":"))) {
                problems.add("module " + module + ": compose runs the image " + image + " in its place, yet no"
                        + " compose service keeps it running");
            }
        }
        return problems;
    }

    /** Every variable compose sets for a module's service is one the module's configuration reads. */
    List<String> environmentProblems() {
        List<String> problems = new ArrayList<>();
        for (BuiltService service : builtServicesWithModule()) {
            if (service.definition().has("env_file")) {
                problems.add("service " + service.name()
                        + ": sets variables through env_file, which this check cannot see;"
                        + " list them under environment");
            }
            Set<String> read = configuration(service).variables();
            Set<String> unread = new TreeSet<>(environment(service.definition()).keySet());
            unread.removeAll(read);
            if (!unread.isEmpty()) {
                problems.add("service " + service.name() + ": sets " + String.join(", ", unread) + ", which "
                        + service.module().orElseThrow() + " never reads (it reads " + String.join(", ", read) + ")");
            }
        }
        return problems;
    }

    /** Inside a container, a service bound to the loopback interface is out of reach of every other container. */
    List<String> bindingProblems() {
        List<String> problems = new ArrayList<>();
        for (BuiltService service : builtServicesWithModule()) {
            Configuration configuration = configuration(service);
            for (String property : List.of("server.address", "management.server.address")) {
                String address = configuration.value(property, environment(service.definition()));
                if (address != null && !ALL_INTERFACES.contains(address)) {
                    problems.add("service " + service.name() + ": listens on " + address + " only (" + property
                            + "); in a container it must listen on all interfaces");
                }
            }
        }
        return problems;
    }

    /** Every container has a memory limit, and every one that keeps running a health check. */
    List<String> healthCheckAndMemoryProblems() {
        List<String> problems = new ArrayList<>();
        fields(services).forEach((name, service) -> {
            if (!isOneShot(service) && !hasHealthCheck(service.path("healthcheck"))) {
                problems.add("service " + name + ": has no health check");
            }
            boolean memoryLimited = !service.path("mem_limit").asText("").isBlank()
                    || !service.at("/deploy/resources/limits/memory").asText("").isBlank();
            if (!memoryLimited) {
                problems.add("service " + name + ": has no memory limit (mem_limit)");
            }
        });
        return problems;
    }

    /**
     * A service starts only once what it depends on answers its health check, not merely once it runs; or, for a
     * one-shot job ({@code restart: "no"}, such as a setup step), once it has exited successfully.
     */
    List<String> dependencyProblems() {
        List<String> problems = new ArrayList<>();
        fields(services).forEach((name, service) -> {
            JsonNode dependsOn = service.path("depends_on");
            if (dependsOn.isArray()) {
                dependsOn.forEach(dependency -> problems.add("service " + name + ": depends on " + dependency.asText()
                        + " without a condition; it needs condition: " + neededCondition(dependency.asText())));
            }
            fields(dependsOn).forEach((dependency, how) -> {
                String condition = how.path("condition").asText("service_started");
                String needed = neededCondition(dependency);
                if (!needed.equals(condition)) {
                    problems.add("service " + name + ": depends on " + dependency + " with condition " + condition
                            + "; it needs condition: " + needed);
                }
            });
        });
        return problems;
    }

    private String neededCondition(String dependency) {
        return isOneShot(services.path(dependency)) ? COMPLETED : HEALTHY;
    }

    /** A container that runs once and exits, so it has no health to check: compose must not restart it. */
    private static boolean isOneShot(JsonNode service) {
        JsonNode restart = service.path("restart");
        // Unquoted, YAML reads no as false.
        return "no".equals(restart.asText("")) || (restart.isBoolean() && !restart.booleanValue());
    }

    /** Prometheus, through the configuration compose mounts into it, scrapes every service that exposes metrics. */
    List<String> prometheusProblems() {
        List<BuiltService> exposing = builtServicesWithModule().stream()
                .filter(service -> configuration(service).exposesPrometheus())
                .toList();
        if (exposing.isEmpty()) {
            return List.of();
        }
        Optional<Path> configuration = prometheusConfiguration();
        if (configuration.isEmpty()) {
            return List.of("no " + PROMETHEUS_IMAGE + " service mounts a configuration at " + PROMETHEUS_CONFIG
                    + ", yet " + names(exposing) + " expose metrics");
        }
        if (!Files.isRegularFile(configuration.get())) {
            return List.of("Prometheus configuration " + relative(configuration.get()) + " does not exist");
        }
        Map<String, Set<String>> scraped = scrapedTargetsByPath(configuration.get());
        List<String> problems = new ArrayList<>();
        for (BuiltService service : exposing) {
            Configuration settings = configuration(service);
            Map<String, String> environment = environment(service.definition());
            String target = service.name() + ":" + settings.managementPort(environment);
            String path = settings.prometheusPath(environment);
            if (!scraped.getOrDefault(path, Set.of()).contains(target)) {
                problems.add("Prometheus (" + relative(configuration.get()) + ") does not scrape " + service.name()
                        + " at " + target + path);
            }
        }
        return problems;
    }

    private Configuration configuration(BuiltService service) {
        Path module = root.resolve(service.module().orElseThrow());
        List<Path> resources = new ArrayList<>(List.of(module.resolve("src/main/resources")));
        if (read(module.resolve("pom.xml")).contains("<artifactId>service-support</artifactId>")) {
            // What service-support puts behind a service's own configuration: its tracing defaults.
            resources.add(root.resolve("service-support/src/main/resources"));
        }
        return Configuration.of(resources);
    }

    private Optional<Path> prometheusConfiguration() {
        return fields(services).values().stream()
                .filter(service -> service.path("image").asText("").startsWith(PROMETHEUS_IMAGE))
                .flatMap(service -> elements(service.path("volumes")))
                .map(this::bindMount)
                .flatMap(Optional::stream)
                .filter(mount -> PROMETHEUS_CONFIG.equals(mount.target()))
                .map(Mount::source)
                .findFirst();
    }

    private Optional<Mount> bindMount(JsonNode volume) {
        if (volume.isObject()) {
            if (!"bind".equals(volume.path("type").asText())) {
                return Optional.empty();
            }
            return Optional.of(new Mount(root.resolve(volume.path("source").asText()).normalize(),
                    volume.path("target").asText()));
        }
        String[] parts = volume.asText().split(":");
        boolean hostPath = parts[0].startsWith(".") || parts[0].startsWith("/");
        if (parts.length < 2 || !hostPath) {
            return Optional.empty();
        }
        return Optional.of(new Mount(root.resolve(parts[0]).normalize(), parts[1]));
    }

    private static Map<String, Set<String>> scrapedTargetsByPath(Path prometheusConfiguration) {
        Map<String, Set<String>> targets = new LinkedHashMap<>();
        readYaml(prometheusConfiguration).forEach(document -> elements(document.path("scrape_configs"))
                .forEach(job -> {
                    String path = job.path("metrics_path").asText("/metrics");
                    elements(job.path("static_configs")).flatMap(group -> elements(group.path("targets")))
                            .forEach(target -> targets.computeIfAbsent(path, p -> new TreeSet<>())
                                    .add(target.asText()));
                }));
        return targets;
    }

    private static boolean hasHealthCheck(JsonNode healthCheck) {
        if (!healthCheck.isObject() || healthCheck.path("disable").asBoolean(false)) {
            return false;
        }
        JsonNode test = healthCheck.path("test");
        if (test.isArray()) {
            return !test.isEmpty() && !"NONE".equals(test.get(0).asText());
        }
        return !test.asText("").isBlank();
    }

    private List<BuiltService> builtServices() {
        List<BuiltService> built = new ArrayList<>();
        fields(services).forEach((name, service) -> {
            JsonNode build = service.path("build");
            if (build.isMissingNode() || build.isNull()) {
                return;
            }
            Path context = root.resolve(build.isTextual() ? build.asText() : build.path("context").asText("."))
                    .normalize();
            Path dockerfile = context.resolve(build.path("dockerfile").asText("Dockerfile")).normalize();
            built.add(new BuiltService(name, service, context, dockerfile, moduleOf(build, context)));
        });
        return built;
    }

    private List<BuiltService> builtServicesWithModule() {
        return builtServices().stream()
                .filter(service -> service.module()
                        .filter(module -> Files.isRegularFile(root.resolve(module).resolve("pom.xml")))
                        .isPresent())
                .toList();
    }

    private Optional<String> moduleOf(JsonNode build, Path context) {
        String named = keyValues(build.path("args")).get(MODULE_ARG);
        if (named != null && !named.isBlank()) {
            return Optional.of(named);
        }
        if (root.equals(context.getParent())) {
            return Optional.of(context.getFileName().toString());
        }
        return Optional.empty();
    }

    /** A service's environment as compose takes it: a map, or a list of {@code NAME=value} and {@code NAME}. */
    private static Map<String, String> environment(JsonNode service) {
        return keyValues(service.path("environment"));
    }

    private static Map<String, String> keyValues(JsonNode node) {
        Map<String, String> values = new LinkedHashMap<>();
        if (node.isArray()) {
            node.forEach(entry -> {
                String text = entry.asText();
                int equals = text.indexOf('=');
                values.put(equals < 0 ? text : text.substring(0, equals), equals < 0 ? "" : text.substring(equals + 1));
            });
        }
        fields(node).forEach((name, value) -> values.put(name, value.isNull() ? "" : value.asText()));
        return values;
    }

    private static Map<String, JsonNode> fields(JsonNode node) {
        Map<String, JsonNode> fields = new LinkedHashMap<>();
        if (node.isObject()) {
            node.fields().forEachRemaining(field -> fields.put(field.getKey(), field.getValue()));
        }
        return fields;
    }

    private static Stream<JsonNode> elements(JsonNode node) {
        return node.isArray() ? StreamSupport.stream(node.spliterator(), false) : Stream.empty();
    }

    private static String names(List<BuiltService> services) {
        return String.join(", ", services.stream().map(BuiltService::name).toList());
    }

    private String relative(Path path) {
        return root.relativize(path).toString();
    }

    private static Set<String> rootPomModules(Path pom) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            Document document = factory.newDocumentBuilder().parse(pom.toFile());
            Set<String> modules = new TreeSet<>();
            for (Element list : children(document.getDocumentElement(), "modules")) {
                for (Element module : children(list, "module")) {
                    modules.add(module.getTextContent().strip());
                }
            }
            return modules;
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the modules of " + pom, e);
        }
    }


    private static List<JsonNode> readYaml(Path file) {
        try (JsonParser parser = YAML.createParser(file.toFile());
             MappingIterator<JsonNode> documents = YAML.readValues(parser, JsonNode.class)) {
            return documents.readAll().stream().filter(document -> !document.isNull()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private record Mount(Path source, String target) {
    }

    private record BuiltService(String name, JsonNode definition, Path context, Path dockerfile,
                                Optional<String> module) {
    }

    /**
     * A module's configuration files: the YAML and properties files directly in its src/main/resources and in those
     * of the modules that add theirs behind it, the first directory taking precedence.
     */
    private record Configuration(Set<String> variables, Map<String, String> properties) {

        static Configuration of(List<Path> resourceDirectories) {
            Set<String> variables = new TreeSet<>();
            Map<String, String> properties = new LinkedHashMap<>();
            resourceDirectories.stream().filter(Files::isDirectory)
                    .forEach(resources -> readInto(variables, properties, resources));
            return new Configuration(variables, properties);
        }

        private static void readInto(Set<String> variables, Map<String, String> properties, Path resources) {
            try (Stream<Path> files = Files.list(resources)) {
                for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                    String name = file.getFileName().toString();
                    if (name.endsWith(".yml") || name.endsWith(".yaml")) {
                        readYaml(file).forEach(document -> flatten("", document, properties));
                    } else if (name.endsWith(".properties")) {
                        Properties loaded = new Properties();
                        try (Reader reader = Files.newBufferedReader(file)) {
                            loaded.load(reader);
                        }
                        loaded.stringPropertyNames()
                                .forEach(key -> properties.putIfAbsent(key, loaded.getProperty(key)));
                    } else {
                        continue;
                    }
                    Matcher matcher = PLACEHOLDER.matcher(read(file));
                    while (matcher.find()) {
                        variables.add(matcher.group(1));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + resources, e);
            }
        }

        boolean exposesPrometheus() {
            return Stream.of(properties.getOrDefault("management.endpoints.web.exposure.include", "").split(","))
                    .map(String::strip)
                    .anyMatch(endpoint -> endpoint.equals("prometheus") || endpoint.equals("*"));
        }

        String managementPort(Map<String, String> environment) {
            String port = value("management.server.port", environment);
            return port != null ? port : Optional.ofNullable(value("server.port", environment)).orElse("8080");
        }

        String prometheusPath(Map<String, String> environment) {
            String basePath = Optional.ofNullable(value("management.endpoints.web.base-path", environment))
                    .orElse("/actuator");
            return basePath.replaceAll("/+$", "") + "/prometheus";
        }

        /** A property as the service sees it under compose: its variable's value there, else the default. */
        String value(String property, Map<String, String> environment) {
            return resolve(properties.get(property), environment);
        }

        private static String resolve(String value, Map<String, String> environment) {
            if (value == null) {
                return null;
            }
            Matcher matcher = WHOLE_PLACEHOLDER.matcher(value.strip());
            if (!matcher.matches()) {
                return value.strip();
            }
            String set = environment.get(matcher.group(1));
            return set != null ? set : matcher.group(2);
        }

    }
}
