package org.orderplatform.flow.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import static org.orderplatform.flow.ProjectFiles.children;

/**
 * The Kubernetes manifests of deploy/kubernetes, rendered as kustomize would, beside the build whose services they
 * run. Every check derives what it expects from the files (the root pom's modules and version, each service's
 * configuration, the Dockerfile, the suite script, docker-compose.yml, the README) and returns its problems, one
 * line each, empty when the manifests are right.
 */
final class KubernetesManifests {

    static final String BASE = "deploy/kubernetes/base";

    /** The image the Dockerfile builds for a module, named as the manifests name it. */
    private static final String IMAGE_PREFIX = "order-platform/";
    /** Service modules that run from a published image in their place, and that image. */
    private static final Map<String, String> RUN_FROM_IMAGES = Map.of("axonserver", "axoniq/axonserver");
    private static final String TOPICS_CONFIG_MAP = "kafka-topics";
    private static final int REPLICATION_FACTOR = 3;
    private static final int MIN_INSYNC_REPLICAS = 2;
    private static final Set<String> SECRET_WORDS = Set.of("TOKEN", "SECRET", "PASSWORD", "PASSWD", "CREDENTIAL",
            "CREDENTIALS", "KEY", "APIKEY");
    /** A property that holds a secret: its last segment says so ({@code client-secret}, {@code password}). */
    private static final Pattern SECRET_PROPERTY =
            Pattern.compile("(^|[-_.])(secret|password|token|credentials?|key)$", Pattern.CASE_INSENSITIVE);
    private static final Pattern LOCAL_ADDRESS = Pattern.compile("localhost|127\\.0\\.0\\.1|\\[::1]");
    private static final Pattern HEAP_PERCENTAGE = Pattern.compile("-XX:MaxRAMPercentage=(\\d+(?:\\.\\d+)?)");
    private static final Pattern SUITE_HEAP = Pattern.compile("-Xmx(\\d+)([kKmMgG])");
    private static final Pattern MEMORY = Pattern.compile("(\\d+(?:\\.\\d+)?)(Ki|Mi|Gi|Ti|k|K|M|G|T)?");
    private static final Pattern CPU = Pattern.compile("(\\d+(?:\\.\\d+)?)(m)?");

    private final Path root;
    private final List<JsonNode> resources;
    private final Set<String> modules;
    private final String version;

    private KubernetesManifests(Path root, List<JsonNode> resources, Set<String> modules, String version) {
        this.root = root;
        this.resources = resources;
        this.modules = modules;
        this.version = version;
    }

    static KubernetesManifests at(Path root) {
        Document pom = readXml(root.resolve("pom.xml"));
        Set<String> modules = new TreeSet<>();
        for (Element list : children(pom.getDocumentElement(), "modules")) {
            for (Element module : children(list, "module")) {
                modules.add(module.getTextContent().strip());
            }
        }
        String version = children(pom.getDocumentElement(), "version").stream().findFirst()
                .map(element -> element.getTextContent().strip())
                .orElseThrow(() -> new IllegalStateException("the root pom.xml names no version"));
        return new KubernetesManifests(root, Kustomization.render(root.resolve(BASE)), modules, version);
    }

    /**
     * Every service module runs: as a Deployment of the image the Dockerfile builds for it, behind a Service, or,
     * for one run from a published image, as that image. AxonIQ's Axon Server runs as one stateful node with its
     * own volumes, never autoscaled, the image docker-compose.yml runs.
     */
    List<String> workloadProblems() {
        List<String> problems = new ArrayList<>();
        for (String module : serviceModules()) {
            String image = RUN_FROM_IMAGES.get(module);
            if (image != null) {
                problems.addAll(runFromImageProblems(module, image));
                continue;
            }
            Optional<JsonNode> deployment = deployment(module);
            if (deployment.isEmpty()) {
                problems.add("module " + module + ": a service of the build, yet no Deployment named " + module);
                continue;
            }
            String expected = IMAGE_PREFIX + module + ":" + version;
            if (serviceContainer(module, deployment.get()).isEmpty()) {
                problems.add("deployment " + module + ": runs no container of the image " + expected);
                continue;
            }
            if (servicesSelecting(deployment.get()).isEmpty()) {
                problems.add("deployment " + module + ": no Service selects its pods");
            }
        }
        for (JsonNode deployment : ofKind("Deployment")) {
            for (JsonNode container : containers(deployment)) {
                String image = container.path("image").asText();
                if (image.startsWith(IMAGE_PREFIX)) {
                    String module = image.substring(IMAGE_PREFIX.length()).split(":")[0];
                    if (!serviceModules().contains(module)) {
                        problems.add("deployment " + name(deployment) + ": runs " + image + ", yet " + module
                                + " is no service module of the build");
                    } else if (!image.equals(IMAGE_PREFIX + module + ":" + version)) {
                        problems.add("deployment " + name(deployment) + ": runs " + image + ", yet the build makes "
                                + IMAGE_PREFIX + module + ":" + version);
                    }
                }
            }
        }
        return problems;
    }

    private List<String> runFromImageProblems(String module, String image) {
        List<JsonNode> running = Stream.concat(ofKind("StatefulSet").stream(), ofKind("Deployment").stream())
                .filter(workload -> containers(workload).stream()
                        .anyMatch(container -> container.path("image").asText().startsWith(image + ":")))
                .toList();
        if (running.isEmpty()) {
            return List.of("module " + module + ": runs as the image " + image + ", yet no StatefulSet runs it");
        }
        List<String> problems = new ArrayList<>();
        Optional<String> composed = composeImage(module);
        for (JsonNode workload : running) {
            String what = kind(workload).toLowerCase() + " " + name(workload);
            if (!"StatefulSet".equals(kind(workload))) {
                problems.add(what + ": runs " + image + " as a Deployment; its state needs a StatefulSet");
                continue;
            }
            int replicas = workload.at("/spec/replicas").asInt(1);
            if (replicas != 1) {
                problems.add(what + ": " + replicas + " replicas; " + image + " without a licence (the Standard"
                        + " Edition) runs one node, so exactly 1");
            }
            if (workload.at("/spec/volumeClaimTemplates").isEmpty()) {
                problems.add(what + ": claims no volume (volumeClaimTemplates); the event store would not survive"
                        + " the pod");
            }
            if (autoscalersOf(workload).findAny().isPresent()) {
                problems.add(what + ": is autoscaled; a single node must not be");
            }
            containers(workload).stream().map(container -> container.path("image").asText())
                    .filter(used -> used.startsWith(image + ":"))
                    .filter(used -> composed.isPresent() && !composed.get().equals(used))
                    .forEach(used -> problems.add(what + ": runs " + used + ", yet docker-compose.yml runs "
                            + composed.get()));
            if (servicesSelecting(workload).isEmpty()) {
                problems.add(what + ": no Service selects its pods");
            }
        }
        return problems;
    }

    /** Every service's container is probed for liveness and readiness where its configuration serves them. */
    List<String> probeProblems() {
        List<String> problems = new ArrayList<>();
        forEachServiceContainer((module, deployment, container) -> {
            ServiceConfiguration configuration = configuration(module);
            Map<String, String> environment = inlineEnvironment(container);
            String what = "deployment " + module;
            if (!"true".equals(configuration.value("management.endpoint.health.probes.enabled", environment))) {
                problems.add(what + ": " + module + " does not enable its probes"
                        + " (management.endpoint.health.probes.enabled)");
            }
            String basePath = Optional.ofNullable(configuration.value("management.endpoints.web.base-path",
                    environment)).orElse("/actuator").replaceAll("/+$", "");
            String port = managementPort(configuration, environment);
            for (String probe : List.of("liveness", "readiness")) {
                JsonNode get = container.path(probe + "Probe").path("httpGet");
                String path = basePath + "/health/" + probe;
                if (get.isMissingNode()) {
                    problems.add(what + ": has no " + probe + " probe (an HTTP GET of " + path + ")");
                    continue;
                }
                if (!path.equals(get.path("path").asText())) {
                    problems.add(what + ": its " + probe + " probe asks " + get.path("path").asText() + ", not "
                            + path);
                }
                String probed = containerPort(container, get.path("port"));
                if (!port.equals(probed)) {
                    problems.add(what + ": its " + probe + " probe asks port " + probed + ", yet " + module
                            + " serves its health on " + port);
                }
            }
        });
        return problems;
    }

    /**
     * Every container of every workload requests and is limited in CPU and memory, a request never above its
     * limit; a service's memory limit leaves the heap the image takes from it at least the suite's heap.
     */
    List<String> resourceProblems() {
        List<String> problems = new ArrayList<>();
        Optional<Double> heapShare = firstMatch(root.resolve("Dockerfile"), HEAP_PERCENTAGE)
                .map(matcher -> Double.parseDouble(matcher.group(1)) / 100);
        Optional<Long> suiteHeap = firstMatch(root.resolve("suite"), SUITE_HEAP)
                .map(matcher -> bytes(matcher.group(1), matcher.group(2).toUpperCase() + "i"));
        for (JsonNode workload : workloads()) {
            for (JsonNode container : containers(workload)) {
                String what = kind(workload).toLowerCase() + " " + name(workload) + ", container "
                        + container.path("name").asText();
                JsonNode resources = container.path("resources");
                for (String resource : List.of("cpu", "memory")) {
                    String request = resources.path("requests").path(resource).asText("");
                    String limit = resources.path("limits").path(resource).asText("");
                    if (request.isBlank()) {
                        problems.add(what + ": requests no " + resource);
                    }
                    if (limit.isBlank()) {
                        problems.add(what + ": has no " + resource + " limit");
                    }
                    if (!request.isBlank() && !limit.isBlank()
                            && quantity(resource, request) > quantity(resource, limit)) {
                        problems.add(what + ": requests " + request + " " + resource + ", above its limit " + limit);
                    }
                }
                String memoryLimit = resources.path("limits").path("memory").asText("");
                boolean builtImage = container.path("image").asText().startsWith(IMAGE_PREFIX);
                if (builtImage && !memoryLimit.isBlank() && heapShare.isPresent() && suiteHeap.isPresent()) {
                    long heap = (long) (quantity("memory", memoryLimit) * heapShare.get());
                    if (heap < suiteHeap.get()) {
                        problems.add(what + ": a memory limit of " + memoryLimit + " leaves a heap of "
                                + heap / (1024 * 1024) + " MiB (Dockerfile: MaxRAMPercentage), under the "
                                + suiteHeap.get() / (1024 * 1024) + " MiB the suite gives every service");
                    }
                }
            }
        }
        return problems;
    }

    /**
     * A service's container sets only variables the service reads, and every one it must be given: one without a
     * default, one whose default is an address on the local machine, which in a pod is the pod itself.
     */
    List<String> environmentProblems() {
        List<String> problems = new ArrayList<>();
        forEachServiceContainer((module, deployment, container) -> {
            String what = "deployment " + module;
            if (container.has("envFrom")) {
                problems.add(what + ": sets variables through envFrom, which this check cannot see; list them"
                        + " under env");
            }
            ServiceConfiguration configuration = configuration(module);
            Set<String> read = configuration.variables();
            Set<String> set = environment(container).keySet();
            Set<String> unread = new TreeSet<>(set);
            unread.removeAll(read);
            if (!unread.isEmpty()) {
                problems.add(what + ": sets " + String.join(", ", unread) + ", which " + module + " never reads"
                        + " (it reads " + String.join(", ", read) + ")");
            }
            Map<String, String> environment = inlineEnvironment(container);
            Set<String> missing = new TreeSet<>();
            for (ServiceConfiguration.Placeholder placeholder : configuration.placeholders()) {
                if (!placeholder.isEnvironmentVariable() || set.contains(placeholder.name())) {
                    continue;
                }
                String defaultValue = placeholder.defaultValue();
                if (defaultValue == null) {
                    missing.add(placeholder.name() + " (no default)");
                } else if (LOCAL_ADDRESS.matcher(ServiceConfiguration.resolve(defaultValue, environment)).find()) {
                    missing.add(placeholder.name() + " (defaults to "
                            + ServiceConfiguration.resolve(defaultValue, environment) + ")");
                }
            }
            if (!missing.isEmpty()) {
                problems.add(what + ": does not set " + String.join(", ", missing));
            }
        });
        return problems;
    }

    /**
     * No secret is written in the manifests: a variable named like one and every variable that sets a secret
     * property of a service come from a Secret, the manifests hold no Secret, and the README tells how to create
     * each one they refer to.
     */
    List<String> secretProblems() {
        List<String> problems = new ArrayList<>();
        ofKind("Secret").forEach(secret -> problems.add("secret " + name(secret) + ": is written in the manifests;"
                + " create it in the cluster instead (README)"));
        for (JsonNode workload : workloads()) {
            for (JsonNode container : containers(workload)) {
                String what = kind(workload).toLowerCase() + " " + name(workload);
                environment(container).forEach((variable, definition) -> {
                    boolean secretName = Arrays.stream(variable.toUpperCase().split("_"))
                            .anyMatch(SECRET_WORDS::contains);
                    if (secretName && !definition.at("/valueFrom/secretKeyRef").isObject()) {
                        problems.add(what + ": " + variable + " looks secret, yet is not taken from a Secret"
                                + " (valueFrom.secretKeyRef)");
                    }
                });
            }
        }
        forEachServiceContainer((module, deployment, container) -> {
            Map<String, JsonNode> environment = environment(container);
            Set<String> secretVariables = new TreeSet<>();
            configuration(module).placeholders().stream()
                    .filter(ServiceConfiguration.Placeholder::isEnvironmentVariable)
                    .filter(placeholder -> SECRET_PROPERTY.matcher(placeholder.property()).find())
                    .forEach(placeholder -> secretVariables.add(placeholder.name()));
            for (String variable : secretVariables) {
                JsonNode definition = environment.get(variable);
                if (definition == null || !definition.at("/valueFrom/secretKeyRef").isObject()) {
                    problems.add("deployment " + module + ": " + variable + " sets a secret of " + module
                            + (definition == null ? ", yet is not set, so its default stays"
                                    : ", yet is written inline")
                            + "; take it from a Secret (valueFrom.secretKeyRef)");
                }
            }
        });
        String readme = read(root.resolve("README.md"));
        for (String secret : referencedSecrets()) {
            Pattern creation = Pattern.compile("kubectl create secret \\w+ " + Pattern.quote(secret) + "\\b");
            if (!creation.matcher(readme).find()) {
                problems.add("secret " + secret + ": the manifests use it, yet README.md does not tell how to create"
                        + " it (kubectl create secret generic " + secret + ")");
            }
        }
        return problems;
    }

    /**
     * Every Deployment has a disruption budget and a CPU autoscaler of its own, which together still let a node be
     * drained; every autoscaler and budget selects something.
     */
    List<String> availabilityProblems() {
        List<String> problems = new ArrayList<>();
        for (JsonNode deployment : ofKind("Deployment")) {
            String what = "deployment " + name(deployment);
            List<JsonNode> budgets = ofKind("PodDisruptionBudget").stream()
                    .filter(budget -> selects(budget.at("/spec/selector/matchLabels"), podLabels(deployment)))
                    .toList();
            if (budgets.isEmpty()) {
                problems.add(what + ": no PodDisruptionBudget selects its pods");
            }
            List<JsonNode> autoscalers = autoscalersOf(deployment).toList();
            if (autoscalers.isEmpty()) {
                problems.add(what + ": no HorizontalPodAutoscaler (autoscaling/v2) scales it");
                continue;
            }
            for (JsonNode autoscaler : autoscalers) {
                int min = autoscaler.at("/spec/minReplicas").asInt(1);
                int max = autoscaler.at("/spec/maxReplicas").asInt(0);
                if (max < min) {
                    problems.add(what + ": its autoscaler's maxReplicas " + max + " is below minReplicas " + min);
                }
                boolean onCpu = elements(autoscaler.at("/spec/metrics")).anyMatch(metric ->
                        "Resource".equals(metric.path("type").asText())
                                && "cpu".equals(metric.at("/resource/name").asText())
                                && "Utilization".equals(metric.at("/resource/target/type").asText()));
                if (!onCpu) {
                    problems.add(what + ": its autoscaler does not scale on CPU utilisation");
                }
                for (JsonNode budget : budgets) {
                    JsonNode minAvailable = budget.at("/spec/minAvailable");
                    if (minAvailable.canConvertToInt() && minAvailable.isNumber() && minAvailable.asInt() >= min) {
                        problems.add(what + ": its PodDisruptionBudget keeps " + minAvailable.asInt()
                                + " of at least " + min + " pods, so no node running one can be drained");
                    }
                }
            }
        }
        for (JsonNode autoscaler : ofKind("HorizontalPodAutoscaler")) {
            if (!"autoscaling/v2".equals(autoscaler.path("apiVersion").asText())) {
                problems.add("autoscaler " + name(autoscaler) + ": is " + autoscaler.path("apiVersion").asText()
                        + ", not autoscaling/v2");
            }
            String target = autoscaler.at("/spec/scaleTargetRef/kind").asText() + " "
                    + autoscaler.at("/spec/scaleTargetRef/name").asText();
            if (workloads().stream().noneMatch(workload -> (kind(workload) + " " + name(workload)).equals(target))) {
                problems.add("autoscaler " + name(autoscaler) + ": scales " + target + ", which the manifests do not"
                        + " hold");
            }
        }
        return problems;
    }

    /**
     * The Kafka topics are created replicated to three brokers and written to two at least: each topic a service
     * reads or writes, with the partitions order-command's bridge would give it, enough for every consumer
     * notification runs at most.
     */
    List<String> kafkaTopicProblems() {
        Optional<JsonNode> topics = ofKind("ConfigMap").stream()
                .filter(configMap -> TOPICS_CONFIG_MAP.equals(name(configMap))).findFirst();
        if (topics.isEmpty()) {
            return List.of("no ConfigMap " + TOPICS_CONFIG_MAP + " says which Kafka topics to create, and how");
        }
        List<String> problems = new ArrayList<>();
        JsonNode data = topics.get().path("data");
        boolean created = ofKind("Job").stream().flatMap(job -> containers(job).stream())
                .flatMap(container -> environment(container).values().stream())
                .anyMatch(definition -> TOPICS_CONFIG_MAP.equals(definition.at("/valueFrom/configMapKeyRef/name")
                        .asText()));
        if (!created) {
            problems.add("no Job creates the topics of the ConfigMap " + TOPICS_CONFIG_MAP);
        }
        String replication = data.path("replication-factor").asText("");
        if (!String.valueOf(REPLICATION_FACTOR).equals(replication)) {
            problems.add("topics: replication factor " + (replication.isBlank() ? "unset" : replication) + ", not "
                    + REPLICATION_FACTOR);
        }
        String minIsr = data.path("min-insync-replicas").asText("");
        if (!String.valueOf(MIN_INSYNC_REPLICAS).equals(minIsr)) {
            problems.add("topics: min.insync.replicas " + (minIsr.isBlank() ? "unset" : minIsr) + ", not "
                    + MIN_INSYNC_REPLICAS);
        }
        Set<String> listed = new TreeSet<>(Arrays.asList(data.path("topics").asText("").trim().split("\\s+")));
        int partitions = data.path("partitions").asInt(0);
        forEachServiceContainer((module, deployment, container) -> {
            ServiceConfiguration configuration = configuration(module);
            Map<String, String> environment = inlineEnvironment(container);
            configuration.properties().keySet().stream()
                    .filter(property -> property.contains(".topics."))
                    .map(property -> configuration.value(property, environment))
                    .filter(topic -> !listed.contains(topic))
                    .distinct()
                    .forEach(topic -> problems.add("topics: " + module + " uses " + topic + ", which "
                            + TOPICS_CONFIG_MAP + " does not create"));
            String bridgePartitions = configuration.value("orders.kafka.partitions", environment);
            if (bridgePartitions != null && !bridgePartitions.equals(String.valueOf(partitions))) {
                problems.add("topics: created with " + partitions + " partitions, yet " + module + " creates them"
                        + " with " + bridgePartitions + " when they are missing");
            }
            String consumers = configuration.value("spring.kafka.listener.concurrency", environment);
            Optional<Integer> most = autoscalersOf(deployment).map(scaler -> scaler.at("/spec/maxReplicas").asInt())
                    .max(Integer::compare);
            if (consumers != null && most.isPresent() && Integer.parseInt(consumers) * most.get() > partitions) {
                problems.add("topics: " + module + " runs up to " + most.get() + " instances of " + consumers
                        + " consumers, more than the " + partitions + " partitions; the rest would stay idle");
            }
        });
        return problems;
    }

    /** Every service's MongoDB connection names the replica set and writes to a majority, journalled. */
    List<String> mongoProblems() {
        List<String> problems = new ArrayList<>();
        forEachServiceContainer((module, deployment, container) -> {
            ServiceConfiguration configuration = configuration(module);
            String raw = configuration.properties().get("spring.data.mongodb.uri");
            if (raw == null) {
                return;
            }
            String uri = configuration.value("spring.data.mongodb.uri", inlineEnvironment(container));
            String local = configuration.value("spring.data.mongodb.uri", Map.of());
            String what = "deployment " + module + ": MongoDB URI " + uri;
            for (String option : List.of("replicaSet=", "w=majority", "journal=true")) {
                if (!Pattern.compile("[?&]" + Pattern.quote(option)).matcher(uri).find()) {
                    problems.add(what + " lacks " + option);
                }
            }
            if (!database(uri).equals(database(local))) {
                problems.add(what + " names the database " + database(uri) + ", not " + module + "'s own, "
                        + database(local));
            }
        });
        return problems;
    }

    private static String database(String uri) {
        String path = uri.replaceFirst("^mongodb(\\+srv)?://[^/]*", "");
        return path.replaceFirst("^/", "").replaceFirst("\\?.*$", "");
    }

    @FunctionalInterface
    private interface ServiceContainerCheck {
        void check(String module, JsonNode deployment, JsonNode container);
    }

    private void forEachServiceContainer(ServiceContainerCheck check) {
        for (String module : serviceModules()) {
            if (RUN_FROM_IMAGES.containsKey(module)) {
                continue;
            }
            deployment(module).ifPresent(deployment -> serviceContainer(module, deployment)
                    .ifPresent(container -> check.check(module, deployment, container)));
        }
    }

    /** A service module is one with its configuration file named after it, src/main/resources/module.yml. */
    Set<String> serviceModules() {
        Set<String> services = new TreeSet<>();
        for (String module : modules) {
            if (Files.isRegularFile(root.resolve(module).resolve("src/main/resources/" + module + ".yml"))) {
                services.add(module);
            }
        }
        return services;
    }

    private ServiceConfiguration configuration(String module) {
        Path directory = root.resolve(module);
        List<Path> resources = new ArrayList<>(List.of(directory.resolve("src/main/resources")));
        if (read(directory.resolve("pom.xml")).contains("<artifactId>service-support</artifactId>")) {
            // What service-support puts behind a service's own configuration: its tracing defaults.
            resources.add(root.resolve("service-support/src/main/resources"));
        }
        return ServiceConfiguration.of(resources);
    }

    private static String managementPort(ServiceConfiguration configuration, Map<String, String> environment) {
        String port = configuration.value("management.server.port", environment);
        return port != null ? port
                : Optional.ofNullable(configuration.value("server.port", environment)).orElse("8080");
    }

    /** A probe's port as a number: given as one, or named after one of the container's ports. */
    private static String containerPort(JsonNode container, JsonNode port) {
        if (port.isInt() || port.asText().matches("\\d+")) {
            return port.asText();
        }
        return elements(container.path("ports"))
                .filter(candidate -> port.asText().equals(candidate.path("name").asText()))
                .map(candidate -> candidate.path("containerPort").asText())
                .findFirst().orElse(port.asText() + " (no such port)");
    }

    private Optional<JsonNode> deployment(String name) {
        return ofKind("Deployment").stream().filter(deployment -> name.equals(name(deployment))).findFirst();
    }

    private Optional<JsonNode> serviceContainer(String module, JsonNode deployment) {
        return containers(deployment).stream()
                .filter(container -> (IMAGE_PREFIX + module + ":" + version).equals(container.path("image").asText()))
                .findFirst();
    }

    private Stream<JsonNode> autoscalersOf(JsonNode workload) {
        return ofKind("HorizontalPodAutoscaler").stream()
                .filter(autoscaler -> kind(workload).equals(autoscaler.at("/spec/scaleTargetRef/kind").asText())
                        && name(workload).equals(autoscaler.at("/spec/scaleTargetRef/name").asText()));
    }

    private List<JsonNode> servicesSelecting(JsonNode workload) {
        return ofKind("Service").stream()
                .filter(service -> selects(service.at("/spec/selector"), podLabels(workload)))
                .toList();
    }

    /** A selector selects pods with these labels: it names at least one, and each with its value. */
    private static boolean selects(JsonNode selector, JsonNode labels) {
        if (!selector.isObject() || selector.isEmpty()) {
            return false;
        }
        Map<String, String> wanted = new LinkedHashMap<>();
        selector.fields().forEachRemaining(field -> wanted.put(field.getKey(), field.getValue().asText()));
        return wanted.entrySet().stream()
                .allMatch(entry -> entry.getValue().equals(labels.path(entry.getKey()).asText(null)));
    }

    private static JsonNode podLabels(JsonNode workload) {
        JsonNode template = "CronJob".equals(kind(workload)) ? workload.at("/spec/jobTemplate/spec/template")
                : workload.at("/spec/template");
        return template.path("metadata").path("labels");
    }

    private Set<String> referencedSecrets() {
        Set<String> secrets = new TreeSet<>();
        for (JsonNode workload : workloads()) {
            containers(workload).forEach(container -> environment(container).values().stream()
                    .map(definition -> definition.at("/valueFrom/secretKeyRef/name").asText(""))
                    .filter(name -> !name.isBlank())
                    .forEach(secrets::add));
            elements(workload.at("/spec/template/spec/volumes"))
                    .map(volume -> volume.at("/secret/secretName").asText(""))
                    .filter(name -> !name.isBlank())
                    .forEach(secrets::add);
        }
        return secrets;
    }

    private List<JsonNode> workloads() {
        return resources.stream()
                .filter(resource -> Set.of("Deployment", "StatefulSet", "DaemonSet", "Job").contains(kind(resource)))
                .toList();
    }

    private List<JsonNode> ofKind(String kind) {
        return resources.stream().filter(resource -> kind.equals(kind(resource))).toList();
    }

    private static List<JsonNode> containers(JsonNode workload) {
        return Stream.concat(elements(workload.at("/spec/template/spec/initContainers")),
                elements(workload.at("/spec/template/spec/containers"))).toList();
    }

    /** A container's variables by name, each with its definition ({@code value} or {@code valueFrom}). */
    private static Map<String, JsonNode> environment(JsonNode container) {
        Map<String, JsonNode> environment = new LinkedHashMap<>();
        elements(container.path("env")).forEach(variable -> environment.put(variable.path("name").asText(), variable));
        return environment;
    }

    /** The variables a container sets to a value written here; those taken from elsewhere are not known here. */
    private static Map<String, String> inlineEnvironment(JsonNode container) {
        Map<String, String> values = new LinkedHashMap<>();
        environment(container).forEach((name, definition) -> {
            if (definition.has("value")) {
                values.put(name, definition.path("value").asText());
            }
        });
        return values;
    }

    private Optional<String> composeImage(String service) {
        Path compose = root.resolve("docker-compose.yml");
        if (!Files.isRegularFile(compose)) {
            return Optional.empty();
        }
        return Kustomization.readYaml(compose).stream().findFirst()
                .map(document -> document.at("/services/" + service + "/image").asText(""))
                .filter(image -> !image.isBlank());
    }

    private static long quantity(String resource, String value) {
        Matcher matcher = ("cpu".equals(resource) ? CPU : MEMORY).matcher(value.strip());
        if (!matcher.matches()) {
            throw new IllegalStateException("not a " + resource + " quantity: " + value);
        }
        if ("cpu".equals(resource)) {
            double amount = Double.parseDouble(matcher.group(1));
            return (long) (matcher.group(2) == null ? amount * 1000 : amount);
        }
        return bytes(matcher.group(1), matcher.group(2));
    }

    private static long bytes(String amount, String unit) {
        long factor = switch (unit == null ? "" : unit) {
            case "" -> 1L;
            case "k", "K" -> 1000L;
            case "Ki" -> 1024L;
            case "M" -> 1000L * 1000;
            case "Mi" -> 1024L * 1024;
            case "G" -> 1000L * 1000 * 1000;
            case "Gi" -> 1024L * 1024 * 1024;
            case "T" -> 1000L * 1000 * 1000 * 1000;
            case "Ti" -> 1024L * 1024 * 1024 * 1024;
            default -> throw new IllegalStateException("not a memory unit: " + unit);
        };
        return (long) (Double.parseDouble(amount) * factor);
    }

    private static Optional<Matcher> firstMatch(Path file, Pattern pattern) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        Matcher matcher = pattern.matcher(read(file));
        return matcher.find() ? Optional.of(matcher) : Optional.empty();
    }

    private static String kind(JsonNode resource) {
        return resource.path("kind").asText();
    }

    private static String name(JsonNode resource) {
        return resource.at("/metadata/name").asText();
    }

    private static Stream<JsonNode> elements(JsonNode node) {
        return node.isArray() ? StreamSupport.stream(node.spliterator(), false) : Stream.empty();
    }

    private static Document readXml(Path file) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            return factory.newDocumentBuilder().parse(file.toFile());
        } catch (Exception e) {
            throw new IllegalStateException("cannot read " + file, e);
        }
    }


    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
