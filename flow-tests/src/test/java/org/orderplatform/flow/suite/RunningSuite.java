package org.orderplatform.flow.suite;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * The suite started by {@code ./suite up}, as a person starts it: every service a separate process on its default
 * port. Settings that make waits short (the payment deadline) are passed through the environment, as a person
 * would override a default.
 */
final class RunningSuite implements AutoCloseable {

    static final Path ROOT = Path.of(System.getProperty("project.root", "..")).toAbsolutePath().normalize();
    private static final List<Integer> PORTS = List.of(27017, 9092, 2525, 8025, 9411, 8024, 8124, 8081, 8082, 8083, 8084, 8085, 9000,
            8080);
    private static final Duration START_PATIENCE = Duration.ofMinutes(4);

    private final Process suite;
    private final List<String> output = new CopyOnWriteArrayList<>();
    private final Path runDir;

    private RunningSuite(Process suite, Path runDir) {
        this.suite = suite;
        this.runDir = runDir;
        CompletableFuture.runAsync(this::collectOutput);
    }

    static RunningSuite up(Map<String, String> environment) {
        List<Integer> busy = PORTS.stream().filter(RunningSuite::inUse).toList();
        if (!busy.isEmpty()) {
            throw new IllegalStateException("ports " + busy + " are in use: stop what holds them (a suite started by hand?)");
        }
        try {
            Path runDir = Files.createTempDirectory("suite-run");
            ProcessBuilder builder = new ProcessBuilder(ROOT.resolve("suite").toString(), "up")
                    .directory(ROOT.toFile())
                    .redirectErrorStream(true);
            builder.environment().putAll(environment);
            builder.environment().put("SUITE_RUN_DIR", runDir.toString());
            RunningSuite running = new RunningSuite(builder.start(), runDir);
            running.awaitOutput("The suite is up", START_PATIENCE);
            return running;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void collectOutput() {
        try (var lines = new BufferedReader(new InputStreamReader(suite.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                output.add(line);
            }
        } catch (IOException e) {
            output.add("(output ended: " + e.getMessage() + ")");
        }
    }

    private void awaitOutput(String text, Duration patience) {
        Instant deadline = Instant.now().plus(patience);
        while (output.stream().noneMatch(line -> line.contains(text))) {
            if (!suite.isAlive() || Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("./suite up did not say '" + text + "':\n" + String.join("\n", output)
                        + "\n" + logTails());
            }
            sleepBriefly();
        }
    }

    /** Stops one service and starts it again, the way {@code ./suite restart NAME} does. */
    void restart(String service) {
        Finished restart = run(Map.of(), Duration.ofMinutes(4), "restart", service);
        if (restart.exitCode() != 0) {
            throw new IllegalStateException("./suite restart " + service + " failed:\n" + restart.output() + "\n" + logTails());
        }
    }

    /** Runs {@code ./suite bench ARGS} against this suite, as a person would from a second terminal. */
    Finished bench(Map<String, String> environment, String... args) {
        return run(environment, Duration.ofMinutes(10), withAction("bench", args));
    }

    /** The access token {@code ./suite token USER} prints for a demo account. */
    String token(String user) {
        Finished token = run(Map.of(), Duration.ofMinutes(1), "token", user);
        if (token.exitCode() != 0) {
            throw new IllegalStateException("./suite token " + user + " failed:\n" + token.output());
        }
        List<String> lines = token.output().lines().filter(line -> !line.isBlank()).toList();
        return lines.get(lines.size() - 1).trim();
    }

    /** Runs {@code ./suite chaos SCENARIOS} against this suite. */
    Finished chaos(String... scenarios) {
        return run(Map.of(), Duration.ofMinutes(10 * scenarios.length), withAction("chaos", scenarios));
    }

    private static String[] withAction(String action, String... args) {
        String[] command = new String[args.length + 1];
        command[0] = action;
        System.arraycopy(args, 0, command, 1, args.length);
        return command;
    }

    record Finished(int exitCode, String output) {
    }

    private Finished run(Map<String, String> environment, Duration patience, String... args) {
        try {
            List<String> command = new ArrayList<>();
            command.add(ROOT.resolve("suite").toString());
            command.addAll(List.of(args));
            ProcessBuilder builder = new ProcessBuilder(command).directory(ROOT.toFile()).redirectErrorStream(true);
            builder.environment().putAll(environment);
            builder.environment().put("SUITE_RUN_DIR", runDir.toString());
            Process process = builder.start();
            process.getOutputStream().close();
            CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> {
                try {
                    return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            if (!process.waitFor(patience.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("./suite " + String.join(" ", args) + " did not end within " + patience);
            }
            return new Finished(process.exitValue(), output.join());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    String logTails() {
        List<String> tails = new ArrayList<>();
        try (var logs = Files.list(runDir.resolve("logs").resolve("latest"))) {
            for (Path log : logs.toList()) {
                List<String> lines = Files.readAllLines(log);
                tails.add("== " + log.getFileName() + "\n"
                        + String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size())));
            }
        } catch (IOException e) {
            tails.add("(no logs: " + e.getMessage() + ")");
        }
        return String.join("\n", tails);
    }

    /** What a process's Prometheus endpoint shows an anonymous scraper, in the text format. */
    static String scrape(String url) {
        try {
            // HTTP/1.1 without the h2c upgrade the JDK client offers by default, which Zipkin's server has cut short.
            HttpResponse<String> metrics = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(
                    HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (metrics.statusCode() != 200) {
                throw new IllegalStateException(url + " answered " + metrics.statusCode());
            }
            return metrics.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The lines of each process's log that contain {@code text}, by process name. */
    Map<String, List<String>> logLinesMentioning(String text) {
        Map<String, List<String>> mentions = new TreeMap<>();
        try (var logs = Files.list(runDir.resolve("logs").resolve("latest"))) {
            for (Path log : logs.toList()) {
                List<String> lines = Files.readAllLines(log).stream().filter(line -> line.contains(text)).toList();
                if (!lines.isEmpty()) {
                    mentions.put(log.getFileName().toString().replaceFirst("\\.log$", ""), lines);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return mentions;
    }

    /** The values of {@code header} on the records of {@code topic} with {@code key}, read from the beginning. */
    static List<String> kafkaHeaders(String topic, String key, String header) {
        Map<String, Object> settings = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:9092",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(settings)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(partition -> new TopicPartition(topic, partition.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            Instant deadline = Instant.now().plusSeconds(30);
            while (partitions.stream().anyMatch(partition -> consumer.position(partition) < ends.get(partition))) {
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("could not read " + topic + " to its end within 30 s");
                }
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    Header value = record.headers().lastHeader(header);
                    if (key.equals(record.key()) && value != null) {
                        values.add(new String(value.value(), StandardCharsets.UTF_8));
                    }
                }
            }
        }
        return values;
    }

    /** Stops the suite as Ctrl-C would; the process is signalled, its output left open so it can say goodbye. */
    @Override
    public void close() {
        suite.toHandle().destroy();
        try {
            if (!suite.waitFor(60, TimeUnit.SECONDS)) {
                suite.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static boolean inUse(int port) {
        try (Socket ignored = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException free) {
            return false;
        }
    }

    private static void sleepBriefly() {
        try {
            Thread.sleep(250);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
