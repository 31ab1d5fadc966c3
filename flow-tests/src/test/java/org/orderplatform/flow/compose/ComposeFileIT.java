package org.orderplatform.flow.compose;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.orderplatform.flow.InstalledTool;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.orderplatform.flow.ProjectFiles.copyProject;

/**
 * docker-compose.yml is validated here, never run: compose's own parser accepts it, and it agrees with the build
 * (modules, the variables each service reads, health checks, memory limits, Prometheus targets). Each check is
 * also shown to fail on a copy of the project broken in its way.
 */
class ComposeFileIT {

    /** Failsafe runs in the module's directory, flow-tests; the project is its parent. */
    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();

    private static final YAMLMapper YAML = new YAMLMapper();

    @Test
    void composeAcceptsTheFile() {
        InstalledTool.Result result = DockerCompose.installed().validate(ROOT.resolve(ComposeProject.COMPOSE_FILE));

        assertThat(result.exitCode()).as("docker-compose config says:%n%s", result.output()).isZero();
    }

    @Test
    void everyBuiltServiceBuildsAModuleOfTheBuild() {
        assertThat(ComposeProject.at(ROOT).buildProblems()).isEmpty();
    }

    @Test
    void everyServiceModuleRunsInCompose() {
        assertThat(ComposeProject.at(ROOT).missingServiceProblems()).isEmpty();
    }

    @Test
    void servicesAreGivenOnlyVariablesTheyRead() {
        assertThat(ComposeProject.at(ROOT).environmentProblems()).isEmpty();
    }

    @Test
    void servicesListenOnAllInterfaces() {
        assertThat(ComposeProject.at(ROOT).bindingProblems()).isEmpty();
    }

    @Test
    void everyServiceHasAHealthCheckAndAMemoryLimit() {
        assertThat(ComposeProject.at(ROOT).healthCheckAndMemoryProblems()).isEmpty();
    }

    @Test
    void servicesStartOnceWhatTheyDependOnIsHealthy() {
        assertThat(ComposeProject.at(ROOT).dependencyProblems()).isEmpty();
    }

    @Test
    void prometheusScrapesEveryServiceThatExposesMetrics() {
        assertThat(ComposeProject.at(ROOT).prometheusProblems()).isEmpty();
    }

    @Test
    void aMissingDockerComposeFailsRatherThanSkips(@TempDir Path emptyDirectory) {
        assertThatThrownBy(() -> DockerCompose.onPath(emptyDirectory.toString()))
                .hasMessage(DockerCompose.NOT_INSTALLED);
    }

    @Nested
    class OnABrokenCopy {

        @TempDir
        Path copy;

        @BeforeEach
        void copyTheProject() throws IOException {
            copyProject(ROOT, copy, Set.of(".git", ".idea", "target", "data", "run", "java", "test"));
        }

        @Test
        void composeRejectsAnOptionItDoesNotKnow() {
            editCompose(compose -> service(compose, "payment").put("memory", "768m"));

            InstalledTool.Result result = DockerCompose.installed().validate(copy.resolve(ComposeProject.COMPOSE_FILE));

            assertThat(result.exitCode()).isNotZero();
            assertThat(result.output()).contains("memory");
        }

        @Test
        void aServiceWhoseModuleIsNotInTheBuildFails() throws IOException {
            editCompose(compose -> {
                ObjectNode shipping = ((ObjectNode) compose.get("services")).putObject("shipping");
                shipping.putObject("build").put("context", ".").putObject("args").put("MODULE", "shipping");
            });
            Path rootPom = copy.resolve("pom.xml");
            Files.writeString(rootPom, Files.readString(rootPom).replace("<module>payment</module>", ""));

            assertThat(ComposeProject.at(copy).buildProblems()).containsExactly(
                    "service payment: builds module payment, which the root pom.xml does not list in <modules>",
                    "service shipping: builds module shipping, which does not exist (no shipping/pom.xml)");
        }

        @Test
        void aServiceModuleLeftOutOfComposeFails() {
            editCompose(compose -> ((ObjectNode) compose.get("services")).remove(List.of("payment", "axonserver")));

            assertThat(ComposeProject.at(copy).missingServiceProblems()).containsExactlyInAnyOrder(
                    "module payment: a service of the build, yet no compose service builds it",
                    "module axonserver: compose runs the image axoniq/axonserver in its place,"
                            + " yet no compose service keeps it running");
        }

        @Test
        void aVariableTheServiceNeverReadsFails() {
            editCompose(compose -> {
                ObjectNode environment = (ObjectNode) service(compose, "catalog").get("environment");
                environment.put("CATALOG_MONGO_URL", "mongodb://catalog-mongo:27017/catalog");
                environment.put("SPRING_PROFILES_ACTIVE", "docker");
            });

            assertThat(ComposeProject.at(copy).environmentProblems()).singleElement().asString()
                    .startsWith("service catalog: sets CATALOG_MONGO_URL, SPRING_PROFILES_ACTIVE,"
                            + " which catalog never reads")
                    .contains("CATALOG_MONGODB_URI");
        }

        @Test
        void aServiceListeningOnLoopbackOnlyFails() throws IOException {
            Path catalogConfiguration = copy.resolve("catalog/src/main/resources/catalog.yml");
            Files.writeString(catalogConfiguration, Files.readString(catalogConfiguration)
                    .replace("server:\n  port:", "server:\n  address: ${CATALOG_ADDRESS:127.0.0.1}\n  port:"));
            Path paymentConfiguration = copy.resolve("payment/src/main/resources/payment.yml");
            Files.writeString(paymentConfiguration, Files.readString(paymentConfiguration)
                    .replace("server:\n  port:", "server:\n  address: ${PAYMENT_ADDRESS:127.0.0.1}\n  port:"));
            editCompose(compose -> ((ObjectNode) service(compose, "payment").get("environment"))
                    .put("PAYMENT_ADDRESS", "0.0.0.0"));

            assertThat(ComposeProject.at(copy).bindingProblems()).containsExactly(
                    "service catalog: listens on 127.0.0.1 only (server.address);"
                            + " in a container it must listen on all interfaces");
        }

        @Test
        void aServiceWithoutHealthCheckOrMemoryLimitFails() {
            editCompose(compose -> {
                service(compose, "payment").remove("healthcheck");
                service(compose, "kafka").remove("mem_limit");
                service(compose, "mailpit").putObject("healthcheck").put("disable", true);
                // A setup step that compose would restart is a service like any other.
                service(compose, "axonserver-setup").remove("restart");
            });

            assertThat(ComposeProject.at(copy).healthCheckAndMemoryProblems()).containsExactlyInAnyOrder(
                    "service payment: has no health check",
                    "service axonserver-setup: has no health check",
                    "service kafka: has no memory limit (mem_limit)",
                    "service mailpit: has no health check");
        }

        @Test
        void aDependencyThatIsOnlyStartedFails() {
            editCompose(compose -> {
                ObjectNode orderCommand = service(compose, "order-command");
                ((ObjectNode) orderCommand.at("/depends_on/catalog")).put("condition", "service_started");
                service(compose, "payment").putArray("depends_on").add("axonserver");
                ((ObjectNode) service(compose, "catalog").at("/depends_on/axonserver-setup"))
                        .put("condition", "service_healthy");
            });

            assertThat(ComposeProject.at(copy).dependencyProblems()).containsExactlyInAnyOrder(
                    "service order-command: depends on catalog with condition service_started;"
                            + " it needs condition: service_healthy",
                    "service payment: depends on axonserver without a condition; it needs condition: service_healthy",
                    "service catalog: depends on axonserver-setup with condition service_healthy;"
                            + " it needs condition: service_completed_successfully");
        }

        @Test
        void aServicePrometheusDoesNotScrapeFails() throws IOException {
            Path prometheus = copy.resolve("prometheus/prometheus.yml");
            Files.writeString(prometheus, Files.readString(prometheus).replace("\"payment:8083\"", "\"payment:8080\""));
            editCompose(compose -> ((ObjectNode) service(compose, "catalog").get("environment"))
                    .put("CATALOG_PORT", "9084"));

            String notScraped = "Prometheus (prometheus/prometheus.yml) does not scrape ";
            assertThat(ComposeProject.at(copy).prometheusProblems()).containsExactly(
                    notScraped + "catalog at catalog:9084/actuator/prometheus",
                    notScraped + "payment at payment:8083/actuator/prometheus");
        }

        private void editCompose(Consumer<ObjectNode> edit) {
            Path file = copy.resolve(ComposeProject.COMPOSE_FILE);
            try {
                ObjectNode compose = (ObjectNode) YAML.readTree(file.toFile());
                edit.accept(compose);
                YAML.writeValue(file.toFile(), compose);
            } catch (IOException e) {
                throw new IllegalStateException("cannot edit " + file, e);
            }
        }

        private static ObjectNode service(ObjectNode compose, String name) {
            return (ObjectNode) compose.get("services").get(name);
        }
    }
}
