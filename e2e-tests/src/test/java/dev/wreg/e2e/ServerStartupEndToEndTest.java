package dev.wreg.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

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
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the real server jar and the root scripts tell an operator at start-up: a banner with the
 * URL, data directory, operator key and bootstrap token; no library chatter at the default log
 * level; one clear line (and a non-zero exit) when the port or the data directory is taken,
 * found before the embedded database starts; and, before a build, the command that builds.
 */
class ServerStartupEndToEndTest {

    private static final String BUILD_FIRST = "build first: ./mvnw -B -q -DskipTests package";

    private static Path root;
    private static Path jar;

    @TempDir
    Path work;

    @BeforeAll
    static void locate() throws IOException {
        root = Path.of(System.getProperty("wreg.root")).toRealPath();
        jar = root.resolve("registry-server/target/registry-server.jar");
        assertThat(jar)
                .as("built by the registry-server module before this one")
                .isRegularFile();
    }

    @Test
    void scriptsOfAnUnbuiltCheckoutSayHowToBuild() throws Exception {
        Path clone = work.resolve("clone");
        Files.createDirectories(clone.resolve(".mvn"));
        for (String file : List.of("wreg", "wreg-server", ".mvn/find-jdk.sh")) {
            Files.copy(root.resolve(file), clone.resolve(file));
        }
        for (String script : List.of("wreg", "wreg-server")) {
            Run run = run(List.of("bash", clone.resolve(script).toString(), "--help"), clone);
            assertThat(run.exit()).as(script).isEqualTo(1);
            assertThat(run.output().strip().lines())
                    .as(script + " says what to do, in one line")
                    .singleElement()
                    .asString()
                    .startsWith(script + ": ")
                    .endsWith(BUILD_FIRST);
        }
    }

    @Test
    void startPrintsABannerWithoutLibraryNoiseAndRefusesWhatCannotWork() throws Exception {
        try (ServerProcess server = ServerProcess.start(jar, work)) {
            server.awaitReady();
            Path dataDir = server.dataDir().toAbsolutePath().normalize();
            String log = awaitBanner(work.resolve("server.log"));
            assertThat(log)
                    .contains("wreg registry server ready in ")
                    .contains("URL              http://localhost:" + server.port() + "/")
                    .contains("data dir         " + dataDir + " (embedded PostgreSQL)")
                    .containsPattern("operator key     ed25519:[A-Za-z0-9+/=]{44}")
                    .contains("bootstrap token  in " + dataDir.resolve("bootstrap-token"));
            assertThat(log.lines())
                    .as(
                            "initdb, Hibernate, Flyway, the pool and zonky stay below the default log level; no Unsafe warnings")
                    .noneMatch(
                            line -> line.matches(
                                    "(?i).*(HHH\\d|org\\.hibernate|flyway|initdb|hikari|zonky|Tomcat started|sun\\.misc\\.Unsafe).*"));

            // A second server on the same data directory (another port): refused, in one line.
            Run second = run(server(ServerProcess.freePort(), dataDir), work);
            assertThat(second.exit()).isNotZero();
            assertThat(second.output().strip().lines())
                    .as(second.output())
                    .containsExactly("wreg-server: another wreg server is using " + dataDir
                            + " (it holds postgres.lock); stop it first or choose another --wreg.data-dir");

            // A fresh data directory on the running server's port: refused before any database
            // exists (no cluster, no keys written).
            Path fresh = work.resolve("fresh-data");
            Run third = run(server(server.port(), fresh), work);
            assertThat(third.exit()).isNotZero();
            assertThat(third.output().strip().lines())
                    .as(third.output())
                    .containsExactly("wreg-server: port " + server.port()
                            + " is already in use (by another wreg server or another program); stop it or"
                            + " choose another port with --server.port=PORT");
            assertThat(fresh.resolve("postgres")).doesNotExist();
            assertThat(fresh.resolve("operator.key")).doesNotExist();
        }
    }

    @Test
    void aPortTakenByAnotherProgramIsFoundFirst() throws Exception {
        try (ServerSocket taken = new ServerSocket(0)) {
            Path dataDir = work.resolve("data");
            Run run = run(server(taken.getLocalPort(), dataDir), work);
            assertThat(run.exit()).isNotZero();
            assertThat(run.output()).contains("wreg-server: port " + taken.getLocalPort() + " is already in use");
            assertThat(run.output()).doesNotContain("\tat ");
            assertThat(dataDir.resolve("postgres")).doesNotExist();
        }
    }

    /**
     * {@code ./wreg-server} on JDK 25: the first start of a build is its training run, which writes
     * the ahead-of-time cache once it is stopped; a second server on the same data directory
     * meanwhile is refused in one line (no JVM chatter) and leaves no cache of its failed start;
     * the next start maps the cache. Runs in a copy of the checkout's layout, so that the
     * checkout's own cache is left alone.
     */
    @Test
    void wregServerTrainsItsStartUpCacheOnceAndRefusesASecondServerMeanwhile() throws Exception {
        assumeTrue(
                Runtime.version().feature() >= 25,
                "the ahead-of-time cache needs JDK 25; this test JVM is " + Runtime.version());
        Path clone = work.resolve("clone");
        Files.createDirectories(clone.resolve(".mvn"));
        Files.createDirectories(clone.resolve("registry-server/target"));
        for (String file : List.of("wreg-server", ".mvn/find-jdk.sh")) {
            Files.copy(root.resolve(file), clone.resolve(file));
        }
        Files.createSymbolicLink(clone.resolve("registry-server/target/registry-server.jar"), jar);
        Path unpacked = clone.resolve("registry-server/target/server");
        Path dataDir = work.resolve("data").toAbsolutePath();

        int port = ServerProcess.freePort();
        Process training = wregServer(clone, port, dataDir, work.resolve("training.log"));
        try {
            awaitOperator(training, port, work.resolve("training.log"));
            assertThat(cacheFiles(unpacked))
                    .as("no cache before the training run stops")
                    .noneMatch(name -> name.endsWith(".aot"));

            Run second = run(wregServerCommand(clone, ServerProcess.freePort(), dataDir), work);
            assertThat(second.exit()).isNotZero();
            assertThat(second.output().strip().lines())
                    .as(second.output())
                    .containsExactly("wreg-server: another wreg server is using " + dataDir
                            + " (it holds postgres.lock); stop it first or choose another --wreg.data-dir");

            training.destroy(); // SIGTERM, as an operator stops it
            assertThat(training.waitFor(4, TimeUnit.MINUTES))
                    .as("stopped and wrote its cache")
                    .isTrue();
            assertThat(training.exitValue()).isEqualTo(143);
        } finally {
            stopWithChildren(training);
        }
        assertThat(Files.readString(work.resolve("training.log"), StandardCharsets.UTF_8))
                .contains("wreg-server: writing the start-up cache of this build");
        assertThat(cacheFiles(unpacked))
                .as("one complete cache, no configuration or partial file left behind")
                .singleElement()
                .asString()
                .matches("registry-server-25[0-9.+-]*\\.aot");

        Process cached = wregServer(clone, port, dataDir, work.resolve("cached.log"));
        try {
            awaitOperator(cached, port, work.resolve("cached.log"));
            assertThat(cached.info().commandLine().orElse(""))
                    .as("the server maps the cache")
                    .contains("-XX:AOTCache="
                            + unpacked.resolve(cacheFiles(unpacked).getFirst()));
            assertThat(awaitBanner(work.resolve("cached.log"))).contains("wreg registry server ready in ");
        } finally {
            stopWithChildren(cached);
            Files.delete(clone.resolve("registry-server/target/registry-server.jar")); // the link, not the jar
        }
        assertThat(Files.readString(work.resolve("cached.log"), StandardCharsets.UTF_8))
                .as("a start with the cache writes none")
                .doesNotContain("start-up cache");
    }

    /** The cache, its training configuration and partly written caches (not the writing's log). */
    private static List<String> cacheFiles(Path unpacked) throws IOException {
        try (Stream<Path> files = Files.list(unpacked)) {
            return files.map(f -> f.getFileName().toString())
                    .filter(name -> name.contains(".aot"))
                    .filter(name -> !name.equals("registry-server.aot.log"))
                    .sorted()
                    .toList();
        }
    }

    private static List<String> wregServerCommand(Path clone, int port, Path dataDir) {
        return List.of(
                "bash", clone.resolve("wreg-server").toString(), "--server.port=" + port, "--wreg.data-dir=" + dataDir);
    }

    private static Process wregServer(Path clone, int port, Path dataDir, Path log) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(wregServerCommand(clone, port, dataDir))
                .directory(clone.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().remove("WREG_BOOTSTRAP_TOKEN");
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        return builder.start();
    }

    /** Polls GET /v1/operator until it answers 200. */
    private static void awaitOperator(Process server, int port, Path log) throws Exception {
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(4);
        while (System.nanoTime() < deadline) {
            assertThat(server.isAlive())
                    .as("the server runs:\n%s", Files.readString(log, StandardCharsets.UTF_8))
                    .isTrue();
            try {
                HttpResponse<Void> response = http.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/operator"))
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
        throw new AssertionError("not ready in 4 minutes:\n" + Files.readString(log, StandardCharsets.UTF_8));
    }

    /** SIGTERM to the script (which passes it on), then to anything of it still running. */
    private static void stopWithChildren(Process process) throws InterruptedException {
        List<ProcessHandle> children = process.descendants().toList();
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(4, TimeUnit.MINUTES)) {
                process.destroyForcibly();
            }
        }
        for (ProcessHandle child : children) {
            child.destroy();
        }
    }

    /** The server's output once the banner is in it (printed just after it starts answering). */
    private static String awaitBanner(Path log) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        String text = Files.readString(log, StandardCharsets.UTF_8);
        while (!text.contains("bootstrap token  ") && System.nanoTime() < deadline) {
            Thread.sleep(200);
            text = Files.readString(log, StandardCharsets.UTF_8);
        }
        return text;
    }

    private static List<String> server(int port, Path dataDir) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-XX:+UseSerialGC");
        command.add("-XX:TieredStopAtLevel=1");
        command.add("-jar");
        command.add(jar.toString());
        command.add("--server.port=" + port);
        command.add("--wreg.data-dir=" + dataDir);
        return command;
    }

    private record Run(int exit, String output) {}

    private static Run run(List<String> command, Path dir) throws IOException, InterruptedException {
        Path output = Files.createTempFile(dir, "run-", ".log");
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile());
        builder.environment().remove("WREG_BOOTSTRAP_TOKEN");
        Process process = builder.start();
        if (!process.waitFor(4, TimeUnit.MINUTES)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            throw new AssertionError("still running after 4 minutes: " + command);
        }
        return new Run(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
    }
}
