package org.orderplatform.flow.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.orderplatform.flow.ProjectFiles.copyProject;

/**
 * deploy/kubernetes is rendered here as kustomize would, without a cluster, and checked against the build: every
 * service module runs, probed, sized and autoscaled, given only the variables it reads, its secrets from Secrets,
 * the Kafka topics replicated and MongoDB written to a majority. Each check is also shown to fail on a copy of the
 * project broken in its way.
 */
class KubernetesManifestsIT {

    /** Failsafe runs in the module's directory, flow-tests; the project is its parent. */
    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();

    private static final YAMLMapper YAML = new YAMLMapper();

    @Test
    void everyServiceModuleRuns() {
        KubernetesManifests manifests = KubernetesManifests.at(ROOT);

        assertThat(manifests.serviceModules()).contains("gateway", "order-command", "order-query", "payment",
                "catalog", "notification", "signin", "axonserver");
        assertThat(manifests.workloadProblems()).isEmpty();
    }

    @Test
    void everyServiceIsProbedWhereItServesItsHealth() {
        assertThat(KubernetesManifests.at(ROOT).probeProblems()).isEmpty();
    }

    @Test
    void everyContainerRequestsAndIsLimitedInCpuAndMemory() {
        assertThat(KubernetesManifests.at(ROOT).resourceProblems()).isEmpty();
    }

    @Test
    void servicesAreGivenTheVariablesTheyReadAndNeed() {
        assertThat(KubernetesManifests.at(ROOT).environmentProblems()).isEmpty();
    }

    @Test
    void secretsComeFromSecretsTheReadmeTellsHowToCreate() {
        assertThat(KubernetesManifests.at(ROOT).secretProblems()).isEmpty();
    }

    @Test
    void everyDeploymentHasADisruptionBudgetAndAnAutoscaler() {
        assertThat(KubernetesManifests.at(ROOT).availabilityProblems()).isEmpty();
    }

    @Test
    void kafkaTopicsAreReplicatedToThreeAndWrittenToTwo() {
        assertThat(KubernetesManifests.at(ROOT).kafkaTopicProblems()).isEmpty();
    }

    @Test
    void mongoDbIsWrittenToAMajorityOfTheReplicaSet() {
        assertThat(KubernetesManifests.at(ROOT).mongoProblems()).isEmpty();
    }

    @Nested
    class OnABrokenCopy {

        @TempDir
        Path copy;

        @BeforeEach
        void copyTheProject() throws IOException {
            copyProject(ROOT, copy, Set.of(".git", ".idea", "target", "data", "run", "java", "test",
                    "node_modules"));
        }

        @Test
        void aKustomizationFieldTheRendererDoesNotKnowFails() throws IOException {
            Path kustomization = base().resolve(Kustomization.FILE);
            Files.writeString(kustomization, Files.readString(kustomization) + "patches:\n  - path: more.yaml\n");

            assertThatThrownBy(() -> KubernetesManifests.at(copy))
                    .hasMessageContaining("field patches is not rendered here");
        }

        @Test
        void aServiceLeftOutOrAnAxonServerOfThreeNodesFails() throws IOException {
            Path kustomization = base().resolve(Kustomization.FILE);
            Files.writeString(kustomization, Files.readString(kustomization).replace("  - payment.yaml\n", ""));
            edit("axonserver.yaml", "StatefulSet", "axonserver", statefulSet -> {
                ((ObjectNode) statefulSet.path("spec")).put("replicas", 3);
                ((ObjectNode) statefulSet.path("spec")).remove("volumeClaimTemplates");
            });

            assertThat(KubernetesManifests.at(copy).workloadProblems()).containsExactlyInAnyOrder(
                    "statefulset axonserver: 3 replicas; axoniq/axonserver without a licence (the Standard Edition)"
                            + " runs one node, so exactly 1",
                    "statefulset axonserver: claims no volume (volumeClaimTemplates); the event store would not"
                            + " survive the pod",
                    "module payment: a service of the build, yet no Deployment named payment");
        }

        @Test
        void aProbeOnTheWrongPathOrPortFails() {
            edit("order-query.yaml", "Deployment", "order-query", deployment ->
                    ((ObjectNode) container(deployment).at("/readinessProbe/httpGet")).put("path", "/actuator/health"));
            edit("catalog.yaml", "Deployment", "catalog", deployment ->
                    ((ObjectNode) container(deployment).at("/livenessProbe/httpGet")).put("port", 8080));
            edit("payment.yaml", "Deployment", "payment", deployment ->
                    ((ObjectNode) container(deployment)).remove("livenessProbe"));

            assertThat(KubernetesManifests.at(copy).probeProblems()).containsExactlyInAnyOrder(
                    "deployment catalog: its liveness probe asks port 8080, yet catalog serves its health on 8084",
                    "deployment payment: has no liveness probe (an HTTP GET of /actuator/health/liveness)",
                    "deployment order-query: its readiness probe asks /actuator/health, not"
                            + " /actuator/health/readiness");
        }

        @Test
        void aContainerWithoutALimitOrTooLittleMemoryForTheHeapFails() {
            edit("gateway.yaml", "Deployment", "gateway", deployment ->
                    ((ObjectNode) container(deployment).at("/resources/limits")).remove("memory"));
            edit("payment.yaml", "Deployment", "payment", deployment -> {
                ObjectNode resources = (ObjectNode) container(deployment).path("resources");
                ((ObjectNode) resources.path("requests")).put("memory", "256Mi");
                ((ObjectNode) resources.path("limits")).put("memory", "256Mi");
            });
            edit("kafka-topics.yaml", "Job", "kafka-topics", job ->
                    ((ObjectNode) container(job).at("/resources/requests")).put("cpu", "2"));

            assertThat(KubernetesManifests.at(copy).resourceProblems()).containsExactlyInAnyOrder(
                    "deployment gateway, container gateway: has no memory limit",
                    "deployment payment, container payment: a memory limit of 256Mi leaves a heap of 153 MiB"
                            + " (Dockerfile: MaxRAMPercentage), under the 256 MiB the suite gives every service",
                    "job kafka-topics, container kafka-topics: requests 2 cpu, above its limit 500m");
        }

        @Test
        void aVariableTheServiceNeverReadsOrOneItNeedsLeftUnsetFails() {
            edit("catalog.yaml", "Deployment", "catalog", deployment ->
                    variables(deployment).addObject().put("name", "CATALOG_MONGO_URL").put("value", "mongodb://x"));
            edit("order-command.yaml", "Deployment", "order-command", deployment ->
                    removeVariable(deployment, "KAFKA_BOOTSTRAP_SERVERS"));

            assertThat(KubernetesManifests.at(copy).environmentProblems()).satisfiesExactlyInAnyOrder(
                    problem -> assertThat(problem)
                            .startsWith("deployment catalog: sets CATALOG_MONGO_URL, which catalog never reads")
                            .contains("CATALOG_MONGODB_URI"),
                    problem -> assertThat(problem).isEqualTo("deployment order-command: does not set"
                            + " KAFKA_BOOTSTRAP_SERVERS (defaults to localhost:9092)"));
        }

        @Test
        void aSecretWrittenInlineOrLeftAtItsDefaultFails() throws IOException {
            edit("signin.yaml", "Deployment", "signin", deployment -> {
                for (JsonNode variable : variables(deployment)) {
                    if ("SIGNIN_DASHBOARD_SECRET".equals(variable.path("name").asText())) {
                        ((ObjectNode) variable).remove("valueFrom");
                        ((ObjectNode) variable).put("value", "axon-dashboard-secret");
                    }
                }
                removeVariable(deployment, "SIGNIN_LOAD_BENCH_SECRET");
            });
            edit("gateway.yaml", "Deployment", "gateway", deployment ->
                    variables(deployment).addObject().put("name", "PAYMENT_API_KEY").put("value", "k"));
            Path readme = copy.resolve("README.md");
            Files.writeString(readme, Files.readString(readme)
                    .replace("kubectl create secret generic catalog-axonserver-token", "kubectl create secret"));

            assertThat(KubernetesManifests.at(copy).secretProblems()).containsExactlyInAnyOrder(
                    "deployment signin: SIGNIN_DASHBOARD_SECRET looks secret, yet is not taken from a Secret"
                            + " (valueFrom.secretKeyRef)",
                    "deployment gateway: PAYMENT_API_KEY looks secret, yet is not taken from a Secret"
                            + " (valueFrom.secretKeyRef)",
                    "deployment signin: SIGNIN_DASHBOARD_SECRET sets a secret of signin, yet is written inline;"
                            + " take it from a Secret (valueFrom.secretKeyRef)",
                    "deployment signin: SIGNIN_LOAD_BENCH_SECRET sets a secret of signin, yet is not set, so its"
                            + " default stays; take it from a Secret (valueFrom.secretKeyRef)",
                    "secret catalog-axonserver-token: the manifests use it, yet README.md does not tell how to"
                            + " create it (kubectl create secret generic catalog-axonserver-token)");
        }

        @Test
        void aDeploymentWithoutBudgetOrAutoscalerFails() {
            edit("notification.yaml", "PodDisruptionBudget", "notification", budget ->
                    ((ObjectNode) budget.at("/spec/selector/matchLabels"))
                            .put("app.kubernetes.io/name", "notifications"));
            edit("gateway.yaml", "HorizontalPodAutoscaler", "gateway", autoscaler ->
                    ((ObjectNode) autoscaler.at("/spec/scaleTargetRef")).put("name", "api-gateway"));
            edit("catalog.yaml", "PodDisruptionBudget", "catalog", budget ->
                    ((ObjectNode) budget.path("spec")).put("minAvailable", 2));

            assertThat(KubernetesManifests.at(copy).availabilityProblems()).containsExactlyInAnyOrder(
                    "deployment notification: no PodDisruptionBudget selects its pods",
                    "deployment gateway: no HorizontalPodAutoscaler (autoscaling/v2) scales it",
                    "deployment catalog: its PodDisruptionBudget keeps 2 of at least 2 pods, so no node running one"
                            + " can be drained",
                    "autoscaler gateway: scales Deployment api-gateway, which the manifests do not hold");
        }

        @Test
        void kafkaTopicsWithOneReplicaOrATopicLeftOutFail() {
            edit("kafka-topics.yaml", "ConfigMap", "kafka-topics", configMap -> {
                ObjectNode data = (ObjectNode) configMap.path("data");
                data.put("replication-factor", "1");
                data.put("min-insync-replicas", "1");
                data.put("topics", data.path("topics").asText().replace("orders.stock-events", ""));
            });
            edit("notification.yaml", "HorizontalPodAutoscaler", "notification", autoscaler ->
                    ((ObjectNode) autoscaler.path("spec")).put("maxReplicas", 6));

            assertThat(KubernetesManifests.at(copy).kafkaTopicProblems()).containsExactlyInAnyOrder(
                    "topics: replication factor 1, not 3",
                    "topics: min.insync.replicas 1, not 2",
                    "topics: order-command uses orders.stock-events, which kafka-topics does not create",
                    "topics: notification runs up to 6 instances of 2 consumers, more than the 6 partitions;"
                            + " the rest would stay idle");
        }

        @Test
        void aMongoDbUriWithoutMajorityWritesFails() {
            edit("payment.yaml", "Deployment", "payment", deployment -> {
                for (JsonNode variable : variables(deployment)) {
                    if ("PAYMENT_MONGODB_URI".equals(variable.path("name").asText())) {
                        ((ObjectNode) variable).put("value", "mongodb://mongodb-0.mongodb:27017/orders?w=1");
                    }
                }
            });

            String uri = "deployment payment: MongoDB URI mongodb://mongodb-0.mongodb:27017/orders?w=1";
            assertThat(KubernetesManifests.at(copy).mongoProblems()).containsExactlyInAnyOrder(
                    uri + " lacks replicaSet=",
                    uri + " lacks w=majority",
                    uri + " lacks journal=true",
                    uri + " names the database orders, not payment's own, payments");
        }

        private Path base() {
            return copy.resolve(KubernetesManifests.BASE);
        }

        /** Edits one resource of a manifest file of the copy, and writes the file back. */
        private void edit(String file, String kind, String name, Consumer<JsonNode> edit) {
            Path path = base().resolve(file);
            List<JsonNode> documents = new ArrayList<>(Kustomization.readYaml(path));
            JsonNode resource = documents.stream()
                    .filter(document -> kind.equals(document.path("kind").asText())
                            && name.equals(document.at("/metadata/name").asText()))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("no " + kind + " " + name + " in " + file));
            edit.accept(resource);
            try (SequenceWriter writer = YAML.writer().writeValues(path.toFile())) {
                writer.writeAll(documents);
            } catch (IOException e) {
                throw new IllegalStateException("cannot edit " + path, e);
            }
        }

        private static JsonNode container(JsonNode workload) {
            return workload.at("/spec/template/spec/containers").get(0);
        }

        private static ArrayNode variables(JsonNode workload) {
            return (ArrayNode) container(workload).path("env");
        }

        private static void removeVariable(JsonNode workload, String name) {
            ArrayNode variables = variables(workload);
            for (int i = variables.size() - 1; i >= 0; i--) {
                if (name.equals(variables.get(i).path("name").asText())) {
                    variables.remove(i);
                }
            }
        }
    }
}
