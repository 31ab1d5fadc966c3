package org.orderplatform.flow.compose;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.fail;

/** The docker-compose command line, for what it does without a Docker engine: validating a compose file. */
final class DockerCompose {

    static final String NOT_INSTALLED = "docker-compose is not installed: run scripts/install-test-tools.sh";

    private static final String EXECUTABLE = "docker-compose";
    private static final long TIMEOUT_SECONDS = 120;

    /** What compose reads besides the file; COMPOSE_* variables and the like stay out, so results do not vary. */
    private static final Set<String> PASSED_ENVIRONMENT = Set.of("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR");

    private final Path executable;

    private DockerCompose(Path executable) {
        this.executable = executable;
    }

    record Result(int exitCode, String output) {
    }

    /** Fails the test, never skips it, when docker-compose is missing: a skipped check would pass unnoticed. */
    static DockerCompose installed() {
        return onPath(Optional.ofNullable(System.getenv("PATH")).orElse(""));
    }

    static DockerCompose onPath(String searchPath) {
        return Arrays.stream(searchPath.split(File.pathSeparator))
                .filter(directory -> !directory.isBlank())
                .map(directory -> Path.of(directory, EXECUTABLE))
                .filter(Files::isExecutable)
                .findFirst()
                .map(DockerCompose::new)
                .orElseGet(() -> fail(NOT_INSTALLED));
    }

    /** {@code docker-compose -f <file> config -q}: exit code 0 when compose accepts the file. */
    Result validate(Path composeFile) {
        List<String> command = List.of(executable.toString(), "-f", composeFile.toString(), "config", "-q");
        Path output = null;
        try {
            // Output goes to a file, so that a hung process cannot block the reader past the time limit.
            output = Files.createTempFile("docker-compose", ".log");
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(composeFile.getParent().toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            builder.environment().keySet().retainAll(PASSED_ENVIRONMENT);
            Process process = builder.start();
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return fail(String.join(" ", command) + " did not finish within " + TIMEOUT_SECONDS + " s");
            }
            return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8).strip());
        } catch (IOException e) {
            return fail("could not run " + String.join(" ", command) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fail("interrupted while running " + String.join(" ", command), e);
        } finally {
            deleteQuietly(output);
        }
    }

    private static void deleteQuietly(Path file) {
        if (file == null) {
            return;
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // A leftover log in the temporary directory changes no result.
        }
    }
}
