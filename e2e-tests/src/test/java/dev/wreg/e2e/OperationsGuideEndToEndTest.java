package dev.wreg.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wreg.testsupport.Prerequisites;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * docs/operations.md as an operator follows it, every {@code sh} block in order, with a server of
 * this test's own: the blocks {@link DocsEndToEndTest} skips because they start or stop a server
 * are run here too. Each block is a bash script ({@code set -euo pipefail}, port 9090 replaced by
 * a free port, {@code # → TEXT} checked, as in {@link DocsEndToEndTest}) in one folder laid out like
 * the repository ({@code ./wreg}, {@code ./wreg-server}, {@code wreg-data/}).
 *
 * <ul>
 *   <li>A block ending in {@code ./wreg-server …} starts the server: it runs in the background
 *       until the server answers {@code /actuator/health/readiness}, and this test stops it at the
 *       end.
 *   <li>{@code <!-- ops-test: stop-server -->} before a block: the running server is stopped first,
 *       with SIGTERM, as the page tells the operator to do.
 *   <li>{@code <!-- ops-test: lose-data-dir -->} before a block: {@code wreg-data} is deleted
 *       first, so that a restore really starts from nothing but the backup.
 *   <li>{@code ./mvnw … package} is the command whose build runs this test: it is not run again
 *       (that would rebuild the jars under the running tests); the jars it builds must exist.
 * </ul>
 *
 * <p>Around the page's commands this test is the restore test the page describes: once the first
 * server is up it publishes releases with the real {@code ./wreg}; after the last block (the
 * restored server) every release must fetch and verify for the same client, {@code wreg verify}
 * must re-derive the whole log, the log must be the same one (operator key, log key, origin) and a
 * new publish must get the next log index.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OperationsGuideEndToEndTest {

    static final String PAGE = "docs/operations.md";
    /** Set by .ci/run: a missing pg_dump fails the external-database test instead of skipping it. */
    static final String PGCLIENT_REQUIRED = "wreg.pgclient.required";

    private static final Pattern OPS_MARKER = Pattern.compile("^<!-- ops-test: ([a-z-]+) -->$");
    private static final List<String> ACTIONS = List.of("stop-server", "lose-data-dir", "external-database");
    private static final int RELEASES = 3;
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    static Path work;

    private Path root;
    private Path folder;
    private int port;
    private Process server;
    private Path serverLog;
    /** More environment for the page's blocks (libpq's variables for the external database). */
    private Map<String, String> extraEnv = Map.of();

    /** A block of the page and the ops-test actions written right before it. */
    record Step(DocsEndToEndTest.Block block, List<String> actions) {
        boolean external() {
            return actions.contains("external-database");
        }

        boolean startsServer() {
            List<String> commands = block.lines().stream()
                    .map(String::strip)
                    .filter(l -> !l.isEmpty() && !l.startsWith("#"))
                    .toList();
            return !commands.isEmpty() && commands.getLast().startsWith("./wreg-server ");
        }
    }

    static List<Step> stepsOf(String page, List<String> text) {
        List<Step> steps = new ArrayList<>();
        for (DocsEndToEndTest.Block block : DocsEndToEndTest.blocksOf(page, text)) {
            List<String> actions = new ArrayList<>();
            // Markers sit right above the fence (above the doc-test skip marker, if any).
            for (int i = block.line() - 2; i >= 0; i--) {
                String line = text.get(i).strip();
                Matcher marker = OPS_MARKER.matcher(line);
                if (marker.matches()) {
                    if (!ACTIONS.contains(marker.group(1))) {
                        throw new AssertionError(page + ":" + (i + 1) + ": unknown ops-test action " + marker.group(1)
                                + " (known: " + ACTIONS + ")");
                    }
                    actions.addFirst(marker.group(1));
                } else if (!line.startsWith("<!-- doc-test: skip")) {
                    break;
                }
            }
            steps.add(new Step(block, List.copyOf(actions)));
        }
        return steps;
    }

    @AfterAll
    void stopTheServer() throws InterruptedException {
        if (server != null) {
            stop();
        }
    }

    @Test
    void everyCommandOfTheOperationsGuideRunsAndARestoreKeepsTheLog() throws Exception {
        root = Path.of(System.getProperty("wreg.root")).toRealPath();
        List<String> text = Files.readAllLines(root.resolve(PAGE), StandardCharsets.UTF_8);
        List<Step> steps = stepsOf(PAGE, text);
        assertThat(steps.stream().filter(Step::startsServer).count())
                .as("the page starts a server, and starts one again after the restore")
                .isGreaterThanOrEqualTo(2);
        assertThat(steps.getFirst().startsServer())
                .as("the page's first block starts the server")
                .isTrue();

        folder = Files.createDirectories(work.resolve("operator"));
        shim(folder.resolve("wreg"), root.resolve("wreg"));
        shim(folder.resolve("wreg-server"), root.resolve("wreg-server"));
        Files.createDirectories(folder.resolve("home"));
        port = ServerProcess.freePort();
        serverLog = work.resolve("server.log");

        WregRunner publisher = null;
        List<Published> published = new ArrayList<>();
        String operatorKey = null;
        String logKey = null;
        boolean restored = false;
        boolean restoreChecked = false;
        for (Step step : steps) {
            if (step.external()) {
                continue; // theExternalDatabaseBackupRestores
            }
            if (step.actions().contains("stop-server")) {
                assertThat(server).as("a server to stop before %s", at(step)).isNotNull();
                stop();
            }
            if (step.actions().contains("lose-data-dir")) {
                deleteTree(folder.resolve("wreg-data"));
                restored = true;
            }
            if (step.startsServer()) {
                start(step);
                if (publisher == null) {
                    // The registry the page's operator runs gets used before it is backed up.
                    publisher = publishReleases(
                            published,
                            Files.readString(folder.resolve("wreg-data/bootstrap-token"))
                                    .strip());
                    operatorKey = get("/v1/operator");
                    logKey = get("/log/vkey");
                } else if (restored && !restoreChecked) {
                    // Checked before the page goes on (the key rotation after it changes the keys).
                    assertRestored(publisher, published, operatorKey, logKey);
                    restoreChecked = true;
                }
            } else {
                run(step);
            }
        }
        assertThat(restored).as("the page restores a backup").isTrue();
        assertThat(restoreChecked).as("the page starts the restored server").isTrue();
        assertThat(server).as("the last server runs").isNotNull();

        assertRotated(publisher, published, operatorKey, logKey);
    }

    /**
     * The page's key rotation: the server now serves another operator key and log key, and the
     * client that pinned the old ones follows the hand-over and verifies every release and the log.
     */
    private void assertRotated(WregRunner publisher, List<Published> published, String operatorKey, String logKey)
            throws Exception {
        assertThat(get("/v1/operator"))
                .as("the operator key after the rotation")
                .isNotEqualTo(operatorKey);
        assertThat(get("/log/vkey")).as("the log key after the rotation").isNotEqualTo(logKey);
        assertThat(Files.readString(serverLog, StandardCharsets.UTF_8)).contains("Handed the operator role from");
        boolean followed = false;
        for (Published release : published) {
            WregRunner.Result fetched = ok(publisher, "fetch", release.coordinate(), "-o", release.file() + ".rotated");
            followed |= fetched.stderr().contains("operator key was handed over from");
            assertThat(Files.mismatch(
                            publisher.home().resolve(release.file()),
                            publisher.home().resolve(release.file() + ".rotated")))
                    .isEqualTo(-1L);
        }
        assertThat(followed).as("the client said it followed the hand-over").isTrue();
        ok(publisher, "verify");
        publish(publisher, RELEASES + 1);
    }

    /**
     * The page's external-database procedure: a server on an external PostgreSQL (zonky's, standing
     * in for a managed one) and its filesystem blob store; the backup block runs while it serves,
     * then the server is stopped, the database emptied and the data directory deleted, the restore
     * block runs, and the server starts again with the same settings and keys.
     */
    @Test
    void theExternalDatabaseBackupRestores() throws Exception {
        root = Path.of(System.getProperty("wreg.root")).toRealPath();
        List<Step> steps = stepsOf(PAGE, Files.readAllLines(root.resolve(PAGE), StandardCharsets.UTF_8)).stream()
                .filter(Step::external)
                .toList();
        assertThat(steps).as("the page's external-database blocks").hasSizeGreaterThanOrEqualTo(2);
        assertThat(steps.getFirst().actions()).doesNotContain("lose-data-dir");
        for (String tool : List.of("pg_dump", "pg_restore")) {
            if (!onPath(tool)) {
                throw Prerequisites.missing(
                        PGCLIENT_REQUIRED, tool + " not installed (apt-get install postgresql-client)");
            }
        }

        folder = Files.createDirectories(work.resolve("external"));
        port = ServerProcess.freePort();
        serverLog = folder.resolve("server.log");
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setServerConfig("listen_addresses", "localhost")
                .setDataDirectory(work.resolve("external-postgres"))
                .start()) {
            execute(postgres, "CREATE DATABASE wreg");
            extraEnv = Map.of(
                    "PGHOST", "localhost",
                    "PGPORT", String.valueOf(postgres.getPort()),
                    "PGUSER", "postgres",
                    "PGPASSWORD", "postgres",
                    "PGDATABASE", "wreg");
            String token = "wreg_OperationsGuideExternalRestorexxxxxxxx";
            List<String> arguments = List.of(
                    "--spring.datasource.url=jdbc:postgresql://localhost:" + postgres.getPort() + "/wreg",
                    "--spring.datasource.username=postgres",
                    "--spring.datasource.password=postgres");
            Map<String, String> keys = Map.of(
                    "WREG_OPERATOR_KEY",
                    dev.wreg.protocol.crypto.PrivateKey.generateEd25519().text(),
                    "WREG_BOOTSTRAP_TOKEN",
                    token);
            Path jar = root.resolve("registry-server/target/registry-server.jar");
            ServerProcess external =
                    ServerProcess.start(jar, folder, folder.resolve("wreg-data"), port, arguments, keys);
            try {
                external.awaitReady();
                List<Published> published = new ArrayList<>();
                WregRunner publisher = publishReleases(published, token);
                String operatorKey = get("/v1/operator");
                String logKey = get("/log/vkey");
                for (Step step : steps) {
                    if (step.actions().contains("lose-data-dir")) {
                        external.close();
                        execute(postgres, "DROP DATABASE wreg");
                        execute(postgres, "CREATE DATABASE wreg");
                        deleteTree(folder.resolve("wreg-data"));
                    }
                    run(step);
                }
                assertThat(external.isAlive())
                        .as("the page restored, and the server was stopped for it")
                        .isFalse();
                external = ServerProcess.start(jar, folder, folder.resolve("wreg-data"), port, arguments, keys);
                external.awaitReady();
                assertRestored(publisher, published, operatorKey, logKey);
            } finally {
                external.close();
                extraEnv = Map.of();
            }
        }
    }

    private static boolean onPath(String tool) {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
                .anyMatch(dir -> !dir.isEmpty() && Files.isExecutable(Path.of(dir, tool)));
    }

    private static void execute(EmbeddedPostgres postgres, String sql) throws Exception {
        try (var c = postgres.getPostgresDatabase().getConnection();
                var s = c.createStatement()) {
            s.execute(sql);
        }
    }

    /** The restored registry is the same registry with the same log, to the same client. */
    private void assertRestored(WregRunner publisher, List<Published> published, String operatorKey, String logKey)
            throws Exception {
        assertThat(get("/v1/operator")).isEqualTo(operatorKey);
        assertThat(get("/log/vkey")).isEqualTo(logKey);
        long size = checkpointSize();
        assertThat(size)
                .as("the restored log holds every entry")
                .isGreaterThan(published.getLast().logIndex());
        for (Published release : published) {
            WregRunner.Result fetched = ok(publisher, "fetch", release.coordinate(), "-o", release.file() + ".back");
            assertThat(fetched.stdout()).contains(release.coordinate());
            assertThat(Files.mismatch(
                            publisher.home().resolve(release.file()),
                            publisher.home().resolve(release.file() + ".back")))
                    .as("%s fetched after the restore is what was published", release.coordinate())
                    .isEqualTo(-1L);
        }
        ok(publisher, "verify", "ops:app");
        ok(publisher, "verify");
        Published next = publish(publisher, RELEASES);
        assertThat(next.logIndex()).as("the log goes on at the next index").isEqualTo(size);
    }

    record Published(String coordinate, String file, long logIndex) {}

    private WregRunner publishReleases(List<Published> published, String token) throws Exception {
        WregRunner wreg = user("publisher");
        ok(wreg, "key", "new");
        WregRunner.Result login = wreg.runWithInput(token + "\n", "login", "--token-stdin");
        assertThat(login.exitCode()).as(login.toString()).isZero();
        ok(wreg, "namespace", "claim", "ops");
        for (int n = 0; n < RELEASES; n++) {
            published.add(publish(wreg, n));
        }
        return wreg;
    }

    private Published publish(WregRunner wreg, int n) throws Exception {
        String file = "app-" + n + ".wasm";
        Files.write(wreg.home().resolve(file), SignedPublisher.component("ops-guide-" + n));
        String version = "1.0." + n;
        JsonNode answer =
                JSON.readTree(ok(wreg, "publish", file, "--package", "ops:app", "--version", version, "--json")
                        .stdout());
        assertThat(answer.has("logIndex")).as(answer.toString()).isTrue();
        return new Published("ops:app@" + version, file, answer.path("logIndex").asLong());
    }

    private WregRunner user(String name) {
        return new WregRunner(
                root.resolve("wreg"),
                folder.resolve("users").resolve(name),
                Map.of("WREG_REGISTRY", base().toString()));
    }

    private WregRunner.Result ok(WregRunner wreg, String... args) throws Exception {
        WregRunner.Result result = wreg.run(args);
        assertThat(result.exitCode())
                .as("wreg %s\n%s\nserver log:\n%s", String.join(" ", args), result, serverLogTail())
                .isZero();
        return result;
    }

    private URI base() {
        return URI.create("http://127.0.0.1:" + port);
    }

    private String get(String path) throws Exception {
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(base().resolve(path))
                        .timeout(Duration.ofSeconds(30))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode())
                .as("GET %s: %s", path, response.body())
                .isEqualTo(200);
        return response.body();
    }

    private long checkpointSize() throws Exception {
        return SignedPublisher.checkpointSize(get("/log/checkpoint"));
    }

    private static String at(Step step) {
        return step.block().page() + ":" + step.block().line();
    }

    /** The block's script: the build command checked rather than run again (see the class comment). */
    private String scriptOf(Step step, boolean background) {
        List<String> lines = new ArrayList<>();
        for (String line : step.block().lines()) {
            if (line.strip().startsWith("./mvnw ")) {
                assertThat(line).as("the build command of %s", at(step)).contains("package");
                assertThat(root.resolve("registry-server/target/registry-server.jar"))
                        .as("built by the build that runs this test")
                        .isRegularFile();
                assertThat(root.resolve("registry-cli/target/wreg.jar")).isRegularFile();
                continue;
            }
            lines.add(line);
        }
        if (background) {
            // The server replaces the script's shell, so that stopping it stops the server itself.
            int last = lines.size() - 1;
            while (lines.get(last).isBlank()) {
                last--;
            }
            lines.set(last, "exec " + lines.get(last).strip());
        }
        var block = new DocsEndToEndTest.Block(step.block().page(), step.block().line(), lines, null);
        return DocsEndToEndTest.scriptOf(List.of(block), port);
    }

    private ProcessBuilder bash(Step step, boolean background) throws IOException {
        Path script = folder.resolve("block-" + step.block().line() + ".sh");
        Files.writeString(script, scriptOf(step, background), StandardCharsets.UTF_8);
        ProcessBuilder builder = new ProcessBuilder("bash", script.toString()).directory(folder.toFile());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(k -> k.startsWith("WREG_") || k.startsWith("XDG_"));
        Path home = folder.resolve("home");
        env.put("HOME", home.toString());
        env.put("XDG_CONFIG_HOME", home.resolve(".config").toString());
        env.put("XDG_CACHE_HOME", home.resolve(".cache").toString());
        env.put("XDG_STATE_HOME", home.resolve(".local/state").toString());
        // Modest heaps: the machine runs other builds.
        env.put("JAVA_TOOL_OPTIONS", "-XX:+UseSerialGC -XX:TieredStopAtLevel=1");
        env.putAll(extraEnv);
        return builder;
    }

    private void run(Step step) throws Exception {
        Path output = folder.resolve("block-" + step.block().line() + ".out");
        Process process = bash(step, false)
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .start();
        process.getOutputStream().close();
        if (!process.waitFor(10, TimeUnit.MINUTES)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            throw new AssertionError(at(step) + ": did not finish in 10 minutes:\n" + Files.readString(output));
        }
        assertThat(process.exitValue())
                .as(
                        "%s: exit %d\n%s\nserver log:\n%s",
                        at(step), process.exitValue(), Files.readString(output), serverLogTail())
                .isZero();
    }

    private void start(Step step) throws Exception {
        assertThat(server).as("%s starts a server while one runs", at(step)).isNull();
        server = bash(step, true)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(serverLog.toFile()))
                .start();
        server.getOutputStream().close();
        long deadline = System.nanoTime() + Duration.ofMinutes(6).toNanos();
        while (true) {
            if (!server.isAlive()) {
                int status = server.exitValue();
                server = null;
                throw new AssertionError(
                        at(step) + ": the server exited with " + status + " before it was ready:\n" + serverLogTail());
            }
            try {
                HttpResponse<String> readiness = HTTP.send(
                        HttpRequest.newBuilder(base().resolve("/actuator/health/readiness"))
                                .timeout(Duration.ofSeconds(5))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                if (readiness.statusCode() == 200 && readiness.body().contains("UP")) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(at(step) + ": the server was not ready in 6 minutes:\n" + serverLogTail());
            }
            Thread.sleep(500);
        }
    }

    /** SIGTERM, as the page says, then waits for the server and its embedded PostgreSQL to end. */
    private void stop() throws InterruptedException {
        List<ProcessHandle> children = server.descendants().toList();
        server.destroy();
        if (!server.waitFor(2, TimeUnit.MINUTES)) {
            server.destroyForcibly();
            server.waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError("the server did not stop within 2 minutes of SIGTERM:\n" + serverLogTail());
        }
        for (ProcessHandle child : children) {
            try {
                child.onExit().get(1, TimeUnit.MINUTES);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                child.destroyForcibly();
                throw new AssertionError("the server's child " + child.pid() + " outlived it:\n" + serverLogTail());
            }
        }
        server = null;
    }

    private String serverLogTail() {
        try {
            List<String> lines = Files.readAllLines(serverLog, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (IOException e) {
            return "(no server log: " + e.getMessage() + ")";
        }
    }

    private static void shim(Path shim, Path target) throws IOException {
        Files.writeString(shim, "#!/usr/bin/env bash\nexec '" + target + "' \"$@\"\n");
        Files.setPosixFilePermissions(shim, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }

    @Test
    void markersNameKnownActionsAndBelongToTheirBlock() {
        List<String> page = List.of(
                "<!-- ops-test: stop-server -->",
                "<!-- doc-test: skip (stops the server) -->",
                "```sh",
                "tar -czf b.tgz wreg-data",
                "```",
                "",
                "```sh",
                "./mvnw -B -q -DskipTests package",
                "./wreg-server --server.port=9090",
                "```");
        List<Step> steps = stepsOf("page.md", page);
        assertThat(steps).extracting(Step::actions).containsExactly(List.of("stop-server"), List.of());
        assertThat(steps).extracting(Step::startsServer).containsExactly(false, true);

        List<String> unknown = List.of("<!-- ops-test: reboot -->", "```sh", "ls", "```");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> stepsOf("page.md", unknown))
                .hasMessageContaining("page.md:1: unknown ops-test action reboot");
    }
}
