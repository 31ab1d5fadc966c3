package org.orderplatform.axonserver.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The server started as a separate JVM from the test classpath, on a free gRPC port, logging to a file. */
public final class ServerProcess implements AutoCloseable {

    private static final Pattern LISTENING = Pattern.compile("gRPC API listening on [^:]+:(\\d+)");

    private final Process process;
    private final int grpcPort;

    private ServerProcess(Process process, int grpcPort) {
        this.process = process;
        this.grpcPort = grpcPort;
    }

    /** What a store command ({@code verify}, {@code salvage}) printed and its exit status. */
    public record CommandResult(int exitStatus, String output) {
    }

    public static ServerProcess start(Path dataDir, Path logFile) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(javaRunningTheServer("--axonserver.grpc-port=0", "--server.port=0",
                "--axonserver.data-dir=" + dataDir))
                .redirectErrorStream(true)
                .redirectOutput(logFile.toFile())
                .start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            Matcher listening = LISTENING.matcher(Files.readString(logFile));
            if (listening.find()) {
                return new ServerProcess(process, Integer.parseInt(listening.group(1)));
            }
            if (!process.isAlive()) {
                break;
            }
            Thread.sleep(100);
        }
        process.destroyForcibly().waitFor();
        throw new IllegalStateException("server did not start:\n" + Files.readString(logFile));
    }

    /** Runs the server's main with a store command on {@code dataDir}, as an operator would, and waits for it. */
    public static CommandResult runStoreCommand(String command, Path dataDir) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(javaRunningTheServer(command, dataDir.toString()))
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException(command + " did not end:\n" + output);
        }
        return new CommandResult(process.exitValue(), output);
    }

    private static List<String> javaRunningTheServer(String... arguments) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                "org.orderplatform.axonserver.AxonServerApplication"));
        command.addAll(List.of(arguments));
        return command;
    }

    public int grpcPort() {
        return grpcPort;
    }

    /** SIGKILL on Linux: no shutdown hook, no flush, as in a crash. */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            kill();
        }
    }
}
