package org.orderplatform.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Acts on the processes of the running suite as an operator, or a failure, would: through {@code ./suite kill},
 * {@code start} and {@code restart}, and with signals to the pids {@code ./suite up} keeps in its run directory.
 */
final class SuiteControl {

    /** One process of a service, as {@code ./suite up} started it: its name and the address it serves at. */
    record Instance(String name, String url) {
    }

    private final Path script;
    private final Path pidDir;
    private final Path servicesFile;

    SuiteControl(Path script, Path runDir) {
        this.script = script;
        this.pidDir = runDir.resolve("pids");
        this.servicesFile = runDir.resolve("services");
    }

    /**
     * The instances of each service of the running suite, from the {@code name|module|health URL} lines
     * {@code ./suite up} writes to its run directory; empty when it wrote none.
     */
    Map<String, List<Instance>> instances() {
        try {
            return Files.exists(servicesFile) ? instances(Files.readAllLines(servicesFile)) : Map.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Map<String, List<Instance>> instances(List<String> lines) {
        Map<String, List<Instance>> byService = new LinkedHashMap<>();
        for (String line : lines) {
            String[] fields = line.split("\\|");
            if (fields.length != 3) {
                throw new IllegalArgumentException("not a 'name|module|health URL' line: " + line);
            }
            URI health = URI.create(fields[2]);
            byService.computeIfAbsent(fields[1], service -> new ArrayList<>())
                    .add(new Instance(fields[0], health.getScheme() + "://" + health.getAuthority()));
        }
        return byService;
    }

    /** SIGKILL: the process ends at once, as in a crash, with nothing flushed or closed. */
    void kill(String process) {
        suite(Map.of(), "kill", process);
    }

    /** Starts the process again and returns once it is ready. */
    void start(String process) {
        suite(Map.of(), "start", process);
    }

    /** Stops the process with SIGTERM, as an orderly shutdown, and leaves it stopped. */
    void stop(String process) {
        suite(Map.of(), "stop", process);
    }

    /** Stops the process and starts it again with these settings added to its environment (none: its own again). */
    void restart(String process, Map<String, String> environment) {
        suite(environment, "restart", process);
    }

    /** An access token of the demo account {@code user}, as {@code ./suite token} signs in for it. */
    String token(String user) {
        String output = run(Map.of(), List.of(script.toString(), "token", user), true).trim();
        if (output.isEmpty()) {
            throw new IllegalStateException("./suite token " + user + " gave no token");
        }
        return output.lines().reduce((first, last) -> last).orElseThrow();
    }

    /** SIGSTOP: the process stays, holding its connections, and does nothing until {@link #thaw}. */
    void freeze(String process) {
        signal("STOP", process);
    }

    void thaw(String process) {
        signal("CONT", process);
    }

    private void signal(String signal, String process) {
        run(Map.of(), List.of("kill", "-" + signal, pid(process)), false);
    }

    private String pid(String process) {
        try {
            return Files.readString(pidDir.resolve(process + ".pid"), StandardCharsets.US_ASCII).trim();
        } catch (IOException e) {
            throw new UncheckedIOException("no pid of " + process + " in " + pidDir, e);
        }
    }

    private void suite(Map<String, String> environment, String action, String process) {
        run(environment, List.of(script.toString(), action, process), false);
    }

    /** Runs the command to its end; returns its standard output when {@code captured}, else shows it as it comes. */
    private static String run(Map<String, String> environment, List<String> command, boolean captured) {
        ProcessBuilder builder = new ProcessBuilder(command).inheritIO();
        if (captured) {
            builder.redirectOutput(ProcessBuilder.Redirect.PIPE);
        }
        builder.environment().putAll(environment);
        try {
            Process process = builder.start();
            String output = captured ? new String(process.getInputStream().readAllBytes(), StandardCharsets.US_ASCII) : "";
            int exitCode = process.waitFor();
            if (exitCode != 0) {
                throw new IllegalStateException(String.join(" ", command) + " exited with " + exitCode);
            }
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException(String.join(" ", command), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + String.join(" ", command), e);
        }
    }
}
