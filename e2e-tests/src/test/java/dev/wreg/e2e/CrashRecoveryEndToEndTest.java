package dev.wreg.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Issue 20, defects 1, 4 and 6, as an operator meets them: eight users publish with the real
 * {@code ./wreg} against the real server jar while PostgreSQL and the server are killed the moment
 * publishes are acknowledged. Every round then checks that no acknowledged release was lost,
 * rolled back or forked and that no log index was used twice: each release is in its package with
 * its bytes at its acknowledged log index, the log's checkpoint covers it, each user's {@code
 * wreg fetch} (which checks the log against the checkpoint that user saw last) succeeds, and at the
 * end {@code wreg verify} passes.
 *
 * <ol>
 *   <li>kill -9 PostgreSQL, then the server: restart on the same data and port;
 *   <li>kill -9 the server alone: its postmaster is orphaned and the restart must stop it;
 *   <li>kill -9 PostgreSQL alone: the server restarts it and goes on without a restart;
 *   <li>the database goes back to an older copy (a restore from backup) while the blob store
 *       keeps the log: the server restores what the database lost from the entry bundles.
 * </ol>
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CrashRecoveryEndToEndTest {

    private static final int PUBLISHERS = 8;
    /** Acknowledged publishes a round waits for before it kills. */
    private static final int ACKS_BEFORE_KILL = 3;

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    static Path work;

    private Path root;
    private Path jar;
    private Path dataDir;
    private int port;
    private ServerProcess server;
    private final List<Publisher> publishers = new ArrayList<>();
    private final List<Ack> acknowledged = new CopyOnWriteArrayList<>();

    /** What {@code wreg publish --json} acknowledged. */
    record Ack(String pkg, String version, String content, String recordId, long logIndex, long checkpointSize) {}

    /** One user with a key, a token and a namespace of its own, publishing one package. */
    private final class Publisher {
        final WregRunner wreg;
        final String pkg;
        final AtomicInteger next = new AtomicInteger();
        volatile Ack last;

        Publisher(int n) {
            String namespace = "crash-" + (char) ('a' + n);
            this.pkg = namespace + ":app";
            this.wreg = new WregRunner(
                    root.resolve("wreg"),
                    work.resolve("user-" + n),
                    Map.of("WREG_REGISTRY", "http://127.0.0.1:" + port));
        }

        /** Publishes the next version; answers the acknowledgement, or empty when refused or down. */
        Optional<Ack> publishNext(int round) throws Exception {
            String version = "1." + round + "." + next.getAndIncrement();
            byte[] component = component(pkg + "@" + version);
            Path file = wreg.home().resolve("app-" + version + ".wasm");
            Files.write(file, component);
            WregRunner.Result result;
            try {
                result = wreg.run("publish", file.toString(), "--package", pkg, "--version", version, "--json");
            } catch (IllegalStateException tookTooLong) {
                return Optional.empty(); // never acknowledged, so nothing is owed
            }
            if (result.exitCode() != 0) {
                return Optional.empty();
            }
            JsonNode answer = JSON.readTree(result.stdout());
            Ack ack = new Ack(
                    pkg,
                    version,
                    "sha256:" + sha256(component),
                    answer.path("recordId").asString(),
                    answer.path("logIndex").asLong(),
                    checkpointSize(answer.path("checkpoint").asString()));
            last = ack;
            return Optional.of(ack);
        }
    }

    @BeforeAll
    void startAndPrepareUsers() throws Exception {
        root = Path.of(System.getProperty("wreg.root")).toRealPath();
        jar = root.resolve("registry-server/target/registry-server.jar");
        assertThat(jar)
                .as("built by the registry-server module before this one")
                .isRegularFile();
        assertThat(root.resolve("registry-cli/target/wreg.jar"))
                .as("built by the registry-cli module before this one")
                .isRegularFile();
        dataDir = work.resolve("server-data");
        port = ServerProcess.freePort();
        startServer();
        String token = server.bootstrapToken();
        for (int n = 0; n < PUBLISHERS; n++) {
            Publisher publisher = new Publisher(n);
            ok(publisher.wreg, "key", "new");
            WregRunner.Result login = publisher.wreg.runWithInput(token + "\n", "login", "--token-stdin");
            assertThat(login.exitCode()).as(login.toString()).isZero();
            ok(publisher.wreg, "namespace", "claim", publisher.pkg.substring(0, publisher.pkg.indexOf(':')));
            publishers.add(publisher);
        }
    }

    @AfterAll
    void stopEverything() throws Exception {
        if (server != null) {
            server.close();
        }
        stopOrphanedPostmaster();
    }

    @Test
    void acknowledgedPublishesSurviveEveryCrash() throws Exception {
        // 1: PostgreSQL first, then the server, the moment publishes are acknowledged.
        publishUntilKilled(1, () -> {
            killPostmaster();
            server.kill();
        });
        startServer();
        verifyNothingAcknowledgedWasLost();

        // 2: the server alone; its postmaster is orphaned and must not stop the restart.
        publishUntilKilled(2, server::kill);
        assertThat(postmasterPid()).as("the postmaster outlived its server").isPresent();
        startServer();
        verifyNothingAcknowledgedWasLost();

        // 3: PostgreSQL alone; the server restarts it and publishing goes on without a restart.
        int before = acknowledged.size();
        publishUntilKilled(3, this::killPostmaster);
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (acknowledged.size() < before + 2 * ACKS_BEFORE_KILL && System.nanoTime() < deadline) {
            publishRound(3, 1);
        }
        assertThat(acknowledged.size())
                .as("publishes are acknowledged again once PostgreSQL is back\n%s", server.logTail())
                .isGreaterThanOrEqualTo(before + 2 * ACKS_BEFORE_KILL);
        verifyNothingAcknowledgedWasLost();

        // 4: the database goes back to an older copy; the blob store keeps the newer log.
        server.close();
        Path backup = work.resolve("postgres-backup");
        copyTree(dataDir.resolve("postgres"), backup);
        startServer();
        int lostByTheDatabase = acknowledged.size();
        publishRound(4, 1);
        assertThat(acknowledged.size()).isGreaterThan(lostByTheDatabase);
        server.close();
        deleteTree(dataDir.resolve("postgres"));
        copyTree(backup, dataDir.resolve("postgres"));
        startServer();
        assertThat(server.logTail()).contains("restoring them from the entry bundles");
        verifyNothingAcknowledgedWasLost();

        // The whole log, and every package, verifies end to end with the real CLI.
        WregRunner auditor = new WregRunner(
                root.resolve("wreg"), work.resolve("auditor"), Map.of("WREG_REGISTRY", "http://127.0.0.1:" + port));
        ok(auditor, "verify");
        for (Publisher publisher : publishers) {
            ok(publisher.wreg, "verify", publisher.pkg);
        }
    }

    // ---- rounds ---------------------------------------------------------------------------

    /**
     * All publishers publish concurrently; once {@link #ACKS_BEFORE_KILL} publishes of this round
     * were acknowledged, {@code kill} runs at once, and the publishers stop.
     */
    private void publishUntilKilled(int round, Killer kill) throws Exception {
        int start = acknowledged.size();
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(PUBLISHERS);
        List<Future<?>> running = new ArrayList<>();
        Object signal = new Object();
        for (Publisher publisher : publishers) {
            running.add(pool.submit(() -> {
                while (!stop.get()) {
                    publisher.publishNext(round).ifPresent(ack -> {
                        acknowledged.add(ack);
                        synchronized (signal) {
                            signal.notifyAll();
                        }
                    });
                }
                return null;
            }));
        }
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        synchronized (signal) {
            while (acknowledged.size() < start + ACKS_BEFORE_KILL && System.nanoTime() < deadline) {
                signal.wait(200);
            }
        }
        assertThat(acknowledged.size())
                .as("round %d acknowledged publishes\n%s", round, server.logTail())
                .isGreaterThanOrEqualTo(start + ACKS_BEFORE_KILL);
        kill.kill();
        stop.set(true);
        for (Future<?> future : running) {
            future.get(10, TimeUnit.MINUTES);
        }
        pool.shutdown();
    }

    /** Every publisher publishes {@code each} versions (those acknowledged are recorded). */
    private void publishRound(int round, int each) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(PUBLISHERS);
        List<Future<?>> running = new ArrayList<>();
        for (Publisher publisher : publishers) {
            running.add(pool.submit(() -> {
                for (int i = 0; i < each; i++) {
                    publisher.publishNext(round).ifPresent(acknowledged::add);
                }
                return null;
            }));
        }
        for (Future<?> future : running) {
            future.get(10, TimeUnit.MINUTES);
        }
        pool.shutdown();
    }

    @FunctionalInterface
    private interface Killer {
        void kill() throws Exception;
    }

    // ---- what must hold -------------------------------------------------------------------

    private void verifyNothingAcknowledgedWasLost() throws Exception {
        long size = checkpointSize(httpText("/log/checkpoint"));
        Map<Long, String> byIndex = new HashMap<>();
        for (Ack ack : acknowledged) {
            assertThat(byIndex.put(ack.logIndex(), ack.recordId()))
                    .as("log index %d acknowledged twice", ack.logIndex())
                    .isNull();
            assertThat(size).as("the log covers %s", ack).isGreaterThan(ack.logIndex());
            assertThat(size).as("the log never shrinks below %s", ack).isGreaterThanOrEqualTo(ack.checkpointSize());
        }
        Map<String, JsonNode> records = new HashMap<>();
        for (Ack ack : acknowledged) {
            JsonNode state = JSON.readTree(httpText("/v1/packages/" + ack.pkg()));
            JsonNode version = find(state.path("versions"), "version", ack.version());
            assertThat(version).as("%s is still released", ack).isNotNull();
            assertThat(version.path("content").asString())
                    .as("%s has its bytes", ack)
                    .isEqualTo(ack.content());
            JsonNode list = records.computeIfAbsent(ack.pkg(), pkg -> {
                try {
                    return JSON.readTree(httpText("/v1/packages/" + pkg + "/records?limit=1000"));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            JsonNode record = find(list.path("records"), "recordId", ack.recordId());
            assertThat(record).as("%s has its record", ack).isNotNull();
            assertThat(record.path("logIndex").asLong())
                    .as("%s is at its acknowledged log index", ack)
                    .isEqualTo(ack.logIndex());
        }
        // Each user's client still accepts the log: no rollback or fork of what it saw last.
        for (Publisher publisher : publishers) {
            Ack last = publisher.last;
            if (last != null) {
                Path out = publisher.wreg.home().resolve("fetched.wasm");
                ok(publisher.wreg, "fetch", last.pkg() + "@=" + last.version(), "-o", out.toString());
                assertThat("sha256:" + sha256(Files.readAllBytes(out))).isEqualTo(last.content());
            }
        }
    }

    private static JsonNode find(JsonNode array, String field, String value) {
        for (JsonNode item : array) {
            if (value.equals(item.path(field).asString())) {
                return item;
            }
        }
        return null;
    }

    // ---- the server and its PostgreSQL ----------------------------------------------------

    private void startServer() throws Exception {
        server = ServerProcess.start(jar, work, dataDir, port);
        server.awaitReady();
    }

    private Optional<Long> postmasterPid() throws IOException {
        Path pidFile = dataDir.resolve("postgres").resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return Optional.empty();
        }
        long pid = Long.parseLong(Files.readAllLines(pidFile).getFirst().strip());
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).map(ProcessHandle::pid);
    }

    private void killPostmaster() throws IOException, InterruptedException {
        long pid = postmasterPid().orElseThrow(() -> new AssertionError("no running postmaster"));
        ProcessHandle handle = ProcessHandle.of(pid).orElseThrow();
        handle.destroyForcibly();
        handle.onExit().join();
    }

    /** Leaves no PostgreSQL behind if a restart failed with one orphaned. */
    private void stopOrphanedPostmaster() throws IOException {
        if (dataDir != null) {
            postmasterPid().flatMap(ProcessHandle::of).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    // ---- helpers --------------------------------------------------------------------------

    private WregRunner.Result ok(WregRunner wreg, String... args) throws Exception {
        WregRunner.Result result = wreg.run(args);
        assertThat(result.exitCode())
                .as("wreg %s\n%s\nserver log:\n%s", String.join(" ", args), result, server.logTail())
                .isZero();
        return result;
    }

    private String httpText(String path) throws Exception {
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .timeout(Duration.ofSeconds(30))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("%s: %s", path, response.body()).isEqualTo(200);
        return response.body();
    }

    /** The size line of a checkpoint (a signed note's second line). */
    static long checkpointSize(String note) {
        return Long.parseLong(note.lines().skip(1).findFirst().orElseThrow().strip());
    }

    static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    /** An empty component made distinct by a custom section carrying {@code marker}. */
    static byte[] component(String marker) {
        byte[] name = "wreg-test".getBytes(StandardCharsets.UTF_8);
        byte[] payload = marker.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {0x00, 0x61, 0x73, 0x6d, 0x0d, 0x00, 0x01, 0x00});
        out.write(0); // custom section
        int size = 1 + name.length + payload.length;
        do {
            int low = size & 0x7f;
            size >>>= 7;
            out.write(size == 0 ? low : low | 0x80);
        } while (size != 0);
        out.write(name.length);
        out.writeBytes(name);
        out.writeBytes(payload);
        return out.toByteArray();
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path source : paths.toList()) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
        // PostgreSQL starts only on a data directory its owner alone can read.
        Files.setPosixFilePermissions(to, PosixFilePermissions.fromString("rwx------"));
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
