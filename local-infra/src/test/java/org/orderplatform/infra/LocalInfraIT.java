package org.orderplatform.infra;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

class LocalInfraIT {

    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(15);

    @TempDir
    Path workDirectory;

    @Test
    void runsFromTheModuleClassPathAndStopsOnSigterm() throws Exception {
        runUntilReadyThenStop(List.of(javaExecutable(), "-cp", System.getProperty("java.class.path"),
                LocalInfra.class.getName()));
    }

    @Test
    void runsFromTheExecutableJarAndStopsOnSigterm() throws Exception {
        String executableJar = System.getProperty("local-infra.executable-jar");
        assumeThat(executableJar).as("the jar path, set by Failsafe after packaging").isNotNull();

        runUntilReadyThenStop(List.of(javaExecutable(), "-jar", executableJar));
    }

    @Test
    void exitsWithAnErrorAndNoReadyWhenAPortIsTaken() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName(Loopback.HOST))) {
            Process process = start(List.of(javaExecutable(), "-cp", System.getProperty("java.class.path"),
                    LocalInfra.class.getName()), Map.of("INFRA_MONGO_PORT", String.valueOf(taken.getLocalPort())));
            try {
                assertThat(process.waitFor(STARTUP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
                assertThat(process.exitValue()).isEqualTo(1);
                assertThat(new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
                        .doesNotContain(LocalInfra.READY);
                assertThat(stderr()).contains("local-infra could not start");
            } finally {
                process.destroyForcibly();
            }
        }
    }

    @Test
    void exitsWithAnErrorAndNoReadyWhenTheDataDirectoryIsInUse() throws Exception {
        try (EmbeddedMongo running = EmbeddedMongo.start(
                EmbeddedMongo.Options.persistentIn(workDirectory.resolve("data").resolve("mongo")))) {
            Process process = start(List.of(javaExecutable(), "-cp", System.getProperty("java.class.path"),
                    LocalInfra.class.getName()), Map.of());
            try {
                assertThat(process.waitFor(STARTUP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
                assertThat(process.exitValue()).isEqualTo(1);
                assertThat(new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
                        .doesNotContain(LocalInfra.READY);
                assertThat(stderr()).contains("local-infra could not start").contains("is in use by another instance");
            } finally {
                process.destroyForcibly();
            }
        }
    }

    private Process start(List<String> command, Map<String, String> portOverrides) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectError(workDirectory.resolve("stderr.log").toFile());
        builder.environment().putAll(Map.of(
                "INFRA_DATA_DIR", workDirectory.resolve("data").toString(),
                "INFRA_MONGO_PORT", "0",
                "INFRA_KAFKA_PORT", "0",
                "INFRA_SMTP_PORT", "0",
                "INFRA_INBOX_PORT", "0"));
        builder.environment().putAll(portOverrides);
        return builder.start();
    }

    private void runUntilReadyThenStop(List<String> command) throws Exception {
        Path dataDirectory = workDirectory.resolve("data");
        Process process = start(command, Map.of());
        try {
            Map<String, String> endpoints = awaitEndpointsUntilReady(process);

            assertThat(endpoints).containsOnlyKeys("mongodb", "kafka", "smtp", "inbox");
            assertThat(endpoints.get("mongodb")).matches("mongodb://127\\.0\\.0\\.1:\\d+");
            assertThat(endpoints.get("kafka")).matches("127\\.0\\.0\\.1:\\d+");
            assertThat(endpoints.get("smtp")).matches("127\\.0\\.0\\.1:\\d+");
            assertThat(endpoints.get("inbox")).matches("http://127\\.0\\.0\\.1:\\d+/messages");
            assertServing(endpoints);
            assertThat(dataDirectory.resolve("mongo")).isDirectoryContaining("glob:**/*" + Journal.SNAPSHOT_SUFFIX);
            assertThat(dataDirectory.resolve("kafka").resolve("meta.properties")).exists();

            Instant stopping = Instant.now();
            process.destroy();
            assertThat(process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS))
                    .as("stopped within %s of SIGTERM", STOP_TIMEOUT).isTrue();
            assertThat(Duration.between(stopping, Instant.now())).isLessThan(STOP_TIMEOUT);
            assertThat(endpoints.values()).allSatisfy(endpoint -> assertThat(Ports.isFree(portOf(endpoint))).isTrue());
        } finally {
            process.destroyForcibly();
        }
    }

    private Map<String, String> awaitEndpointsUntilReady(Process process) throws Exception {
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader output = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                output.lines().forEach(lines::add);
            } catch (IOException e) {
                lines.add("output unreadable: " + e);
            }
        }, "local-infra-output");
        reader.setDaemon(true);
        reader.start();

        Map<String, String> endpoints = new LinkedHashMap<>();
        Instant deadline = Instant.now().plus(STARTUP_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            String line = lines.poll(200, TimeUnit.MILLISECONDS);
            if (LocalInfra.READY.equals(line)) {
                return endpoints;
            }
            if (line != null) {
                String[] nameAndValue = line.split("=", 2);
                assertThat(nameAndValue).as("an endpoint line: %s", line).hasSize(2);
                endpoints.put(nameAndValue[0], nameAndValue[1]);
            }
            assertThat(process.isAlive() || !lines.isEmpty())
                    .as("LocalInfra exited before READY:%n%s", stderr()).isTrue();
        }
        throw new AssertionError("No READY within " + STARTUP_TIMEOUT + ":\n" + stderr());
    }

    private static void assertServing(Map<String, String> endpoints) throws Exception {
        try (MongoClient client = MongoClients.create(endpoints.get("mongodb"))) {
            client.getDatabase("shop").getCollection("orders").insertOne(new Document("_id", "o-1"));
            assertThat(client.getDatabase("shop").getCollection("orders").countDocuments()).isEqualTo(1);
        }
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, endpoints.get("kafka")))) {
            assertThat(admin.describeCluster().nodes().get(10, TimeUnit.SECONDS)).hasSize(1);
        }
        try (Socket smtp = new Socket("127.0.0.1", portOf(endpoints.get("smtp")));
             BufferedReader greeting = new BufferedReader(
                     new InputStreamReader(smtp.getInputStream(), StandardCharsets.US_ASCII))) {
            assertThat(greeting.readLine()).startsWith("220 ");
        }
        HttpResponse<String> inbox = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(endpoints.get("inbox"))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(inbox.statusCode()).isEqualTo(200);
        assertThat(inbox.body().strip()).isEqualTo("[ ]");
    }

    private static int portOf(String endpoint) {
        String hostAndPort = endpoint.replaceFirst("^[a-z]+://", "").replaceFirst("/.*$", "");
        return Integer.parseInt(hostAndPort.substring(hostAndPort.lastIndexOf(':') + 1));
    }

    private String stderr() throws IOException {
        Path log = workDirectory.resolve("stderr.log");
        return Files.exists(log) ? Files.readString(log) : "";
    }

    private static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
