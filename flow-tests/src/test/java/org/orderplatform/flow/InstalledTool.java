package org.orderplatform.flow;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.fail;

/**
 * A command-line tool of the machine the tests run on (docker-compose, promtool), found on the {@code PATH} and run
 * with a fixed environment and a time limit. A missing tool fails the test, never skips it: a skipped check would
 * pass unnoticed.
 */
public final class InstalledTool {

    private static final long TIMEOUT_SECONDS = 120;
    /** What the tool reads besides its arguments; anything else of the caller's environment stays out. */
    private static final Set<String> PASSED_ENVIRONMENT = Set.of("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR");

    private final Path executable;

    private InstalledTool(Path executable) {
        this.executable = executable;
    }

    public record Result(int exitCode, String output) {
    }

    public static InstalledTool installed(String name, String notInstalled) {
        return onPath(name, Optional.ofNullable(System.getenv("PATH")).orElse(""), notInstalled);
    }

    public static InstalledTool onPath(String name, String searchPath, String notInstalled) {
        return Arrays.stream(searchPath.split(File.pathSeparator))
                .filter(directory -> !directory.isBlank())
                .map(directory -> Path.of(directory, name))
                .filter(Files::isExecutable)
                .findFirst()
                .map(InstalledTool::new)
                .orElseGet(() -> fail(notInstalled));
    }

    /** Runs the tool in {@code directory}; its standard output and error together are the result's output. */
    public Result run(Path directory, String... arguments) {
        List<String> command = new ArrayList<>(List.of(executable.toString()));
        command.addAll(List.of(arguments));
        Path output = null;
        try {
            // Output goes to a file, so that a hung process cannot block the reader past the time limit.
            output = Files.createTempFile(executable.getFileName().toString(), ".log");
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(directory.toFile())
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
