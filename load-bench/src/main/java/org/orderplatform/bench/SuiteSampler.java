package org.orderplatform.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Reads every process of the suite once a second, by the pids {@code ./suite up} writes to
 * {@code <run dir>/pids/<name>.pid} (further instances of a service as {@code <name>-2.pid}, ...), and the load
 * generator's own process. The pid files are read again each time, so a service restarted with
 * {@code ./suite restart} is followed.
 */
final class SuiteSampler implements AutoCloseable {

    static final List<String> PROCESSES =
            List.of("mongo", "kafka", "smtp", "axonserver", "catalog", "payment", "order-command", "order-query",
                    "notification", "signin", "gateway", "zipkin");

    private final Path pidDir;
    private final long ticksPerSecond = clockTicksPerSecond();
    private final List<ResourceUsage.Sample> samples = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "suite-sampler");
        thread.setDaemon(true);
        return thread;
    });

    SuiteSampler(Path runDir) {
        this.pidDir = runDir.resolve("pids");
    }

    /** The processes of the suite that have no pid file or no process behind it. */
    List<String> missing() {
        return PROCESSES.stream().filter(name -> pid(name).flatMap(ProcFiles::read).isEmpty()).toList();
    }

    Path pidDir() {
        return pidDir;
    }

    void start() {
        timer.scheduleAtFixedRate(this::sample, 0, 1, TimeUnit.SECONDS);
    }

    ResourceUsage usage(Instant from, Instant to) {
        return ResourceUsage.of(List.copyOf(samples), from, to, ticksPerSecond);
    }

    /** Whether {@code name} is the process {@code process} or a further instance of it, {@code process-N}. */
    static boolean isInstanceOf(String name, String process) {
        if (name.equals(process)) {
            return true;
        }
        String instance = name.startsWith(process + "-") ? name.substring(process.length() + 1) : "";
        return !instance.isEmpty() && instance.chars().allMatch(Character::isDigit);
    }

    private void sample() {
        Instant at = Instant.now();
        Map<String, ProcFiles.Reading> readings = new LinkedHashMap<>();
        processNames().forEach(name -> pid(name).flatMap(SuiteSampler::read)
                .ifPresent(reading -> readings.put(name, reading)));
        read(ProcessHandle.current().pid())
                .ifPresent(reading -> readings.put(ResourceUsage.LOAD_GENERATOR, reading));
        samples.add(new ResourceUsage.Sample(at, readings));
    }

    /** A line that cannot be read is a missed reading of that process, not the end of sampling. */
    private static Optional<ProcFiles.Reading> read(long pid) {
        try {
            return ProcFiles.read(pid);
        } catch (RuntimeException unreadable) {
            System.err.println("Could not read /proc/" + pid + ": " + unreadable.getMessage());
            return Optional.empty();
        }
    }

    /** The suite's processes with a pid file now, instances included, in the order of {@link #PROCESSES}. */
    private List<String> processNames() {
        try (Stream<Path> files = Files.list(pidDir)) {
            List<String> present = files.map(file -> file.getFileName().toString())
                    .filter(file -> file.endsWith(".pid"))
                    .map(file -> file.substring(0, file.length() - ".pid".length()))
                    .sorted()
                    .toList();
            return PROCESSES.stream()
                    .flatMap(process -> present.stream().filter(name -> isInstanceOf(name, process)))
                    .toList();
        } catch (IOException unreadable) {
            return PROCESSES;
        }
    }

    private Optional<Long> pid(String name) {
        try {
            return Optional.of(Long.parseLong(Files.readString(pidDir.resolve(name + ".pid")).trim()));
        } catch (IOException | NumberFormatException unreadable) {
            return Optional.empty();
        }
    }

    /** {@code getconf CLK_TCK}: the unit of the CPU times in /proc; 100 on every common Linux when it cannot be asked. */
    private static long clockTicksPerSecond() {
        try {
            Process getconf = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            String answer = new String(getconf.getInputStream().readAllBytes()).trim();
            return getconf.waitFor() == 0 ? Long.parseLong(answer) : 100;
        } catch (IOException | NumberFormatException e) {
            return 100;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 100;
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
