package lib;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The built registry server jar as the Java benchmarks run it (found by the source launcher from
 * bench/LockBench.java and bench/SearchBench.java): a process of its own on a free loopback port,
 * its data directory and its log ({@code server.log}) in the run's work directory, the bootstrap
 * token given on the command line (never one from the environment), and ready once {@code GET
 * /v1/operator} answers 200.
 */
public final class BenchServer implements AutoCloseable {

    private final Process process;
    private final URI base;

    private BenchServer(Process process, URI base) {
        this.process = process;
        this.base = base;
    }

    /**
     * Starts {@code registry-server/target/registry-server.jar} under {@code root} with a heap of
     * {@code maxHeap} (e.g. {@code 512m}) and {@code options} on top of the port, data directory,
     * token and log level, and waits (up to ten minutes) until it answers.
     */
    public static BenchServer start(Path root, Path work, String maxHeap, String bootstrapToken, List<String> options)
            throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        URI base = URI.create("http://127.0.0.1:" + port);
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + maxHeap,
                "-jar",
                root.resolve("registry-server/target/registry-server.jar").toString(),
                "--server.port=" + port,
                "--wreg.data-dir=" + work.resolve("data")));
        command.addAll(options);
        command.add("--wreg.bootstrap-token=" + bootstrapToken);
        command.add("--logging.level.root=WARN");
        Path log = work.resolve("server.log");
        ProcessBuilder builder =
                new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().remove("WREG_BOOTSTRAP_TOKEN");
        BenchServer server = new BenchServer(builder.start(), base);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (!server.process.isAlive()) {
                throw new IllegalStateException("the server exited:\n" + Files.readString(log));
            }
            try {
                HttpRequest ready = HttpRequest.newBuilder(base.resolve("/v1/operator")).build();
                if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return server;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(500);
        }
        server.close();
        throw new IllegalStateException("the server did not start");
    }

    /** Where the server listens, e.g. {@code http://127.0.0.1:41234}. */
    public URI base() {
        return base;
    }

    /** Stops the server (forcibly when it has not ended a minute after being asked). */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
