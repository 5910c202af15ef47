package dev.wreg.e2e;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The registry server jar running as a child process, on its embedded defaults. */
final class ServerProcess implements AutoCloseable {

    private static final Duration STARTUP_LIMIT = Duration.ofMinutes(4);

    private final Process process;
    private final Path log;
    private final Path dataDir;
    private final int port;

    /** Stops the server even if the test JVM ends without running {@link #close}. */
    private final Thread killOnExit;

    private ServerProcess(Process process, Path log, Path dataDir, int port) {
        this.process = process;
        this.log = log;
        this.dataDir = dataDir;
        this.port = port;
        this.killOnExit = new Thread(() -> {
            process.descendants().forEach(ProcessHandle::destroy);
            process.destroy();
        });
        Runtime.getRuntime().addShutdownHook(killOnExit);
    }

    static ServerProcess start(Path jar, Path workDir) throws IOException {
        return start(jar, workDir, workDir.resolve("server-data"), freePort());
    }

    /**
     * A server on {@code dataDir} and {@code port}: starting one again on the same data and port
     * is a restart, as clients (and their stored checkpoints) see it. The log is appended to.
     */
    static ServerProcess start(Path jar, Path workDir, Path dataDir, int port) throws IOException {
        return start(jar, workDir, dataDir, port, List.of(), Map.of());
    }

    /**
     * A server with more arguments ({@code --spring.datasource.url=…}) and environment variables
     * ({@code WREG_OPERATOR_KEY}): a replica on an external database and blob store.
     */
    static ServerProcess start(
            Path jar, Path workDir, Path dataDir, int port, List<String> arguments, Map<String, String> environment)
            throws IOException {
        Path log = workDir.resolve("server.log");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-XX:+UseSerialGC");
        command.add("-XX:TieredStopAtLevel=1");
        command.add("-jar");
        command.add(jar.toString());
        command.add("--server.port=" + port);
        command.add("--wreg.data-dir=" + dataDir);
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        // A bootstrap token from the developer's environment would replace the generated one.
        builder.environment().remove("WREG_BOOTSTRAP_TOKEN");
        builder.environment().putAll(environment);
        return new ServerProcess(builder.start(), log, dataDir, port);
    }

    Path dataDir() {
        return dataDir;
    }

    int port() {
        return port;
    }

    /** kill -9 of the server alone: its embedded PostgreSQL, a process of its own, lives on. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
        Runtime.getRuntime().removeShutdownHook(killOnExit);
    }

    /** SIGTERM, as an operator's stop or a container runtime sends it; does not wait. */
    void terminate() {
        process.destroy();
    }

    /** Waits for the process to end (after {@link #terminate}); answers its exit status. */
    int awaitExit(Duration limit) throws InterruptedException {
        if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("the server did not stop within " + limit + ":\n" + logTail());
        }
        Runtime.getRuntime().removeShutdownHook(killOnExit);
        return process.exitValue();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    URI baseUri() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** Polls {@code GET /v1/operator} until it answers 200, the process dies, or time runs out. */
    void awaitReady() throws InterruptedException {
        awaitReady(STARTUP_LIMIT);
    }

    /** {@link #awaitReady()} with a limit of the caller's (several servers started one after another). */
    void awaitReady(Duration limit) throws InterruptedException {
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(
                        "the server exited with " + process.exitValue() + " before it was ready:\n" + logTail());
            }
            try {
                HttpResponse<Void> response = http.send(
                        HttpRequest.newBuilder(baseUri().resolve("/v1/operator"))
                                .timeout(Duration.ofSeconds(5))
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("the server was not ready within " + limit + ":\n" + logTail());
    }

    /** The token the server generated on first start and wrote beside its data. */
    String bootstrapToken() throws IOException {
        return Files.readString(dataDir.resolve("bootstrap-token"), StandardCharsets.UTF_8)
                .strip();
    }

    String logTail() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (IOException e) {
            return "(no server log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        // Children (the embedded PostgreSQL) are listed first: once the server is gone they
        // can no longer be found through it.
        List<ProcessHandle> children = process.descendants().toList();
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        }
        for (ProcessHandle child : children) {
            if (child.isAlive()) {
                child.destroy();
                try {
                    child.onExit().get(20, TimeUnit.SECONDS);
                } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                    child.destroyForcibly();
                }
            }
        }
        Runtime.getRuntime().removeShutdownHook(killOnExit);
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }
}
