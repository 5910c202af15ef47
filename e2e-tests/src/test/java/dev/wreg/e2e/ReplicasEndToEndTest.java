package dev.wreg.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wreg.e2e.SignedPublisher.Ack;
import dev.wreg.e2e.SignedPublisher.Outcome;
import dev.wreg.protocol.crypto.PrivateKey;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
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
import javax.sql.DataSource;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15 §2: three server jar processes on one external PostgreSQL (zonky's binaries, a process
 * of its own) and one S3 API (S3Proxy in this JVM), with clients spreading their signed publishes
 * round-robin over all of them, as behind a load balancer without affinity.
 *
 * <ol>
 *   <li>Concurrent publishes through every replica form one log: every replica serves the same
 *       checkpoint within a second of the last acknowledgement, every acknowledged release is
 *       fetchable from every replica with its bytes at its acknowledged log index, no index is used
 *       twice, and {@code ./wreg verify} re-derives the whole log through each replica.
 *   <li>The replica seen holding the log's writer lock (PostgreSQL's view of who holds the advisory
 *       lock, by each replica's connection name) is killed with -9 in the middle of publishing: the
 *       other two keep accepting publishes, and nothing any replica acknowledged is lost.
 * </ol>
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReplicasEndToEndTest {

    private static final int REPLICAS = 3;
    private static final int PUBLISHERS = 8;
    /** Publishes the two survivors must acknowledge after the kill. */
    private static final int AFTER_KILL = 24;

    private static final String BUCKET = "wreg";
    private static final String S3_ACCESS = "wreg-access";
    private static final String S3_SECRET = "wreg-secret-key-for-replicas";

    /** The sequencer's advisory-lock key ({@code Sequencer.WRITER_LOCK}) as pg_locks shows it. */
    private static final long WRITER_LOCK = 0x7772_6567_6c67L;

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    static Path work;

    private Path root;
    private EmbeddedPostgres postgres;
    private DataSource database;
    private S3Proxy s3;
    private final List<ServerProcess> replicas = new ArrayList<>();
    private final List<Boolean> alive = new CopyOnWriteArrayList<>();
    private String token;
    private final List<SignedPublisher> publishers = new ArrayList<>();
    private final List<Ack> acknowledged = new CopyOnWriteArrayList<>();
    private final AtomicInteger nextVersion = new AtomicInteger();

    @BeforeAll
    void startDatabaseBlobStoreAndReplicas() throws Exception {
        root = Path.of(System.getProperty("wreg.root")).toRealPath();
        Path jar = root.resolve("registry-server/target/registry-server.jar");
        assertThat(jar)
                .as("built by the registry-server module before this one")
                .isRegularFile();

        postgres = EmbeddedPostgres.builder()
                .setServerConfig("listen_addresses", "localhost")
                // What docs/operations.md asks of an external database.
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on")
                .setDataDirectory(work.resolve("postgres"))
                .start();
        try (Connection c = postgres.getPostgresDatabase().getConnection();
                Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE wreg");
        }
        database = postgres.getDatabase("postgres", "wreg");

        Files.createDirectories(work.resolve("s3").resolve(BUCKET)); // the filesystem backend's bucket is a folder
        s3 = startS3(ServerProcess.freePort());

        token = "wreg_" + base62(32);
        String operatorKey = PrivateKey.generateEd25519().text();
        String composerKey = PrivateKey.generateEd25519().text();
        for (int n = 0; n < REPLICAS; n++) {
            Path dir = Files.createDirectories(work.resolve("replica-" + n));
            List<String> arguments = List.of(
                    "--spring.datasource.url=jdbc:postgresql://localhost:" + postgres.getPort() + "/wreg",
                    "--spring.datasource.username=postgres",
                    "--spring.datasource.password=postgres",
                    // Each replica's connections carry its name, so pg_stat_activity tells them apart.
                    "--spring.datasource.hikari.data-source-properties.ApplicationName=replica-" + n,
                    "--wreg.blobs.type=s3",
                    "--wreg.blobs.s3.endpoint=http://127.0.0.1:" + s3.getPort(),
                    "--wreg.blobs.s3.bucket=" + BUCKET,
                    "--wreg.blobs.s3.path-style=true",
                    "--wreg.blobs.s3.access-key=" + S3_ACCESS,
                    "--wreg.blobs.s3.secret-key=" + S3_SECRET,
                    "--wreg.compositions.composer-key=" + composerKey);
            replicas.add(ServerProcess.start(
                    jar,
                    dir,
                    dir.resolve("data"),
                    ServerProcess.freePort(),
                    arguments,
                    Map.of("WREG_OPERATOR_KEY", operatorKey, "WREG_BOOTSTRAP_TOKEN", token)));
            alive.add(true);
            // One after another: the first creates the schema, and on a busy 2-core machine three
            // JVMs starting at once could each take longer than a start is allowed.
            replicas.get(n).awaitReady(Duration.ofMinutes(8));
        }

        for (int i = 0; i < PUBLISHERS; i++) {
            PrivateKey key = PrivateKey.generateEd25519();
            String namespace = "replicas-" + (char) ('a' + i);
            URI through = replica(i).baseUri();
            SignedPublisher.claim(HTTP, through, token, namespace, key);
            SignedPublisher publisher = new SignedPublisher(HTTP, token, namespace + ":app", key);
            publisher.init(replica(i + 1).baseUri());
            publishers.add(publisher);
        }
    }

    @AfterAll
    void stopEverything() throws Exception {
        for (ServerProcess replica : replicas) {
            replica.close();
        }
        if (s3 != null) {
            s3.stop();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    @Order(1)
    void concurrentPublishesThroughEveryReplicaFormOneLog() throws Exception {
        int each = 6;
        long started = System.nanoTime();
        List<Outcome> failures = new CopyOnWriteArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(PUBLISHERS)) {
            List<Future<?>> running = new ArrayList<>();
            for (int i = 0; i < PUBLISHERS; i++) {
                int client = i;
                running.add(pool.submit(() -> {
                    for (int k = 0; k < each; k++) {
                        Outcome outcome = publishNext(
                                publishers.get(client), replica(client + k).baseUri());
                        if (!(outcome instanceof Outcome.Acknowledged)) {
                            failures.add(outcome);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> future : running) {
                future.get(5, TimeUnit.MINUTES);
            }
        }
        long lastAck = System.nanoTime();
        assertThat(failures)
                .as("publishes with no fault anywhere\n%s", logTails())
                .isEmpty();
        assertThat(acknowledged).hasSize(PUBLISHERS * each);
        Map<URI, Long> byReplica = new HashMap<>();
        for (Ack ack : acknowledged) {
            byReplica.merge(ack.via(), 1L, Long::sum);
        }
        assertThat(byReplica).as("every replica took publishes").hasSize(REPLICAS);

        long agreedAfter = awaitOneCheckpoint(lastAck, maxIndex() + 1);
        System.out.printf(
                "replicas: %d publishes through %d replicas (%s) in %.1f s; every replica served the same"
                        + " checkpoint %d ms after the last acknowledgement%n",
                acknowledged.size(), REPLICAS, byReplica.values(), (lastAck - started) / 1e9, agreedAfter);
        assertThat(agreedAfter).as("the replicas agree within a second").isLessThan(1000);
        for (int n = 0; n < REPLICAS; n++) {
            new LogAudit(root, work.resolve("audit-" + n), replica(n).baseUri()).check(acknowledged);
        }

        // Every replica answers package views from memory while PostgreSQL's change notifications
        // arrive: a release published through one replica must still show in every other at once.
        SignedPublisher watched = publishers.getFirst();
        for (int n = 0; n < REPLICAS; n++) {
            for (int k = 0; k < 3; k++) {
                latestVersion(replica(n).baseUri(), watched.pkg()); // cached and trusted from here on
            }
        }
        Outcome newer = publishNext(watched, replica(0).baseUri());
        assertThat(newer).as("a publish after the others").isInstanceOf(Outcome.Acknowledged.class);
        String version = ((Outcome.Acknowledged) newer).ack().version();
        long acknowledgedAt = System.nanoTime();
        for (int n = 0; n < REPLICAS; n++) {
            URI replica = replica(n).baseUri();
            long deadline = acknowledgedAt + TimeUnit.SECONDS.toNanos(1);
            while (!version.equals(latestVersion(replica, watched.pkg())) && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(latestVersion(replica, watched.pkg()))
                    .as("the package view on %s a second after %s was acknowledged", replica, version)
                    .isEqualTo(version);
        }
    }

    private static String latestVersion(URI replica, String pkg) throws Exception {
        HttpResponse<String> view = HTTP.send(
                HttpRequest.newBuilder(replica.resolve("/v1/packages/" + pkg)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(view.statusCode())
                .as("GET /v1/packages/%s on %s", pkg, replica)
                .isEqualTo(200);
        return view.body().replaceAll("(?s).*\"latest\":\"([^\"]*)\".*", "$1");
    }

    @Test
    @Order(2)
    void killingTheReplicaHoldingTheLogsLockLosesNothingAndTheOthersGoOn() throws Exception {
        int before = acknowledged.size();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger afterKill = new AtomicInteger();
        AtomicBoolean killed = new AtomicBoolean();
        List<Outcome> refusedOrUnanswered = new CopyOnWriteArrayList<>();
        int victim;
        long sawLockAt;
        long killedAt;
        try (ExecutorService pool = Executors.newFixedThreadPool(PUBLISHERS)) {
            List<Future<?>> running = new ArrayList<>();
            for (int i = 0; i < PUBLISHERS; i++) {
                int client = i;
                running.add(pool.submit(() -> {
                    for (int k = 0; !stop.get(); k++) {
                        Outcome outcome = publishNext(
                                publishers.get(client), replica(client + k).baseUri());
                        if (outcome instanceof Outcome.Acknowledged) {
                            if (killed.get()) {
                                afterKill.incrementAndGet();
                            }
                        } else {
                            refusedOrUnanswered.add(outcome);
                        }
                    }
                    return null;
                }));
            }
            // Wait until publishing is in full swing, then catch a replica holding the lock.
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (acknowledged.size() < before + 16 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            Optional<Integer> holder = Optional.empty();
            while (holder.isEmpty() && System.nanoTime() < deadline) {
                holder = writerLockHolder();
            }
            assertThat(holder)
                    .as("a replica was seen holding the log's writer lock")
                    .isPresent();
            sawLockAt = System.nanoTime();
            victim = holder.get();
            killedAt = System.nanoTime();
            replicas.get(victim).kill();
            alive.set(victim, false);
            killed.set(true);
            int ackedBeforeKill = acknowledged.size() - before;
            // The two others go on: wait for a good number of acknowledgements after the kill.
            long goOn = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (afterKill.get() < AFTER_KILL && System.nanoTime() < goOn) {
                Thread.sleep(50);
            }
            stop.set(true);
            for (Future<?> future : running) {
                future.get(5, TimeUnit.MINUTES);
            }
            System.out.printf(
                    "replicas: killed replica-%d (it held the log's writer lock %.1f ms before); %d publishes"
                            + " acknowledged before the kill, %d after it through the other two, %d refused or"
                            + " unanswered (%s)%n",
                    victim,
                    (killedAt - sawLockAt) / 1e6,
                    ackedBeforeKill,
                    afterKill.get(),
                    refusedOrUnanswered.size(),
                    summary(refusedOrUnanswered));
        }
        assertThat(afterKill.get())
                .as("the other replicas keep accepting publishes\n%s", logTails())
                .isGreaterThanOrEqualTo(AFTER_KILL);
        long lastAck = System.nanoTime();
        long agreedAfter = awaitOneCheckpoint(lastAck, maxIndex() + 1);
        assertThat(agreedAfter).as("the survivors agree within a second").isLessThan(1000);
        for (int n = 0; n < REPLICAS; n++) {
            if (alive.get(n)) {
                new LogAudit(
                                root,
                                work.resolve("audit-after-kill-" + n),
                                replica(n).baseUri())
                        .check(acknowledged);
            }
        }
    }

    @Test
    @Order(3)
    void compositionJobsSubmittedThroughDifferentReplicasAreEachTakenOnce() throws Exception {
        PrivateKey key = PrivateKey.generateEd25519();
        String namespace = "replicas-compose";
        SignedPublisher.claim(HTTP, replica(0).baseUri(), token, namespace, key);
        for (String name : List.of("shapes", "drawing")) {
            SignedPublisher publisher = new SignedPublisher(HTTP, token, namespace + ":" + name, key);
            publisher.init(replica(0).baseUri());
            byte[] component =
                    Files.readAllBytes(root.resolve("examples").resolve(name).resolve(name + ".wasm"));
            assertThat(publisher.publish(replica(1).baseUri(), "1.0.0", component))
                    .isInstanceOf(Outcome.Acknowledged.class);
        }
        String request = SignedPublisher.JSON.writeValueAsString(new dev.wreg.protocol.api.CompositionRequest(
                namespace + ":drawing@^1", List.of(namespace + ":shapes@^1"), null, null, null, null));
        int jobs = 9;
        List<String> ids = new CopyOnWriteArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(jobs)) {
            List<Future<?>> running = new ArrayList<>();
            for (int i = 0; i < jobs; i++) {
                URI through = replica(i).baseUri();
                // Some wait for their result, some are only queued: those are taken by whichever
                // replica's poller gets there first.
                boolean async = i % 2 == 0;
                running.add(pool.submit(() -> {
                    HttpRequest.Builder post = HttpRequest.newBuilder(through.resolve("/v1/compositions"))
                            .header("Authorization", "Bearer " + token)
                            .header("Content-Type", "application/json")
                            .timeout(Duration.ofMinutes(3))
                            .POST(HttpRequest.BodyPublishers.ofString(request));
                    if (async) {
                        post.header("Prefer", "respond-async");
                    }
                    HttpResponse<String> answer = HTTP.send(post.build(), HttpResponse.BodyHandlers.ofString());
                    assertThat(answer.statusCode()).as(answer.body()).isIn(201, 202);
                    ids.add(SignedPublisher.JSON
                            .readTree(answer.body())
                            .path("id")
                            .asString());
                    return null;
                }));
            }
            for (Future<?> future : running) {
                future.get(5, TimeUnit.MINUTES);
            }
        }
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        for (int i = 0; i < ids.size(); i++) {
            String status;
            do {
                Thread.sleep(200);
                status = SignedPublisher.JSON
                        .readTree(LogAudit.get(HTTP, replica(i + 1).baseUri(), "/v1/compositions/" + ids.get(i)))
                        .path("status")
                        .asString();
            } while (!status.equals("succeeded") && !status.equals("failed") && System.nanoTime() < deadline);
            assertThat(status).as("composition %s\n%s", ids.get(i), logTails()).isEqualTo("succeeded");
        }
        Map<String, Integer> byWorker = new HashMap<>();
        try (Connection c = database.getConnection();
                PreparedStatement s = c.prepareStatement(
                        "SELECT id::text, attempts, claimed_by FROM compositions WHERE id::text = ANY (?)")) {
            s.setArray(1, c.createArrayOf("text", ids.toArray()));
            try (ResultSet rows = s.executeQuery()) {
                int seen = 0;
                while (rows.next()) {
                    seen++;
                    assertThat(rows.getInt("attempts"))
                            .as("composition %s was taken once", rows.getString(1))
                            .isEqualTo(1);
                    String claimedBy = rows.getString("claimed_by");
                    byWorker.merge(claimedBy.substring(0, claimedBy.indexOf('/')), 1, Integer::sum);
                }
                assertThat(seen).isEqualTo(jobs);
            }
        }
        System.out.printf(
                "replicas: %d compositions submitted through %d replicas, each taken once, run by %d replica(s): %s%n",
                jobs, alive.stream().filter(up -> up).count(), byWorker.size(), byWorker.values());
    }

    @Test
    @Order(4)
    void theS3EndpointDownForThirtySecondsGives503sWhereBlobsAreNeededAndRecoversWithoutARestart() throws Exception {
        SignedPublisher publisher = publishers.getFirst();
        Ack released = acknowledged.stream()
                .filter(ack -> ack.pkg().equals(publisher.pkg()))
                .findFirst()
                .orElseThrow();
        int port = s3.getPort();
        s3.stop();
        long down = System.nanoTime();
        long outage = Duration.ofSeconds(30).toNanos();
        int refusedPublishes = 0;
        int refusedBlobReads = 0;
        int metadataAnswers = 0;
        long slowest503 = 0;
        for (int round = 0; System.nanoTime() - down < outage; round++) {
            URI through = replica(round).baseUri();
            long t0 = System.nanoTime();
            Outcome outcome = publishNext(publisher, through);
            long took = System.nanoTime() - t0;
            assertThat(outcome)
                    .as("a publish while S3 is down")
                    .isInstanceOfSatisfying(Outcome.Refused.class, refused -> {
                        assertThat(refused.status()).as(refused.body()).isEqualTo(503);
                        assertThat(refused.body()).contains("storage-unavailable");
                        assertThat(refused.retryAfter()).as("Retry-After").isNotBlank();
                    });
            slowest503 = Math.max(slowest503, took);
            refusedPublishes++;

            t0 = System.nanoTime();
            HttpResponse<String> blob = HTTP.send(
                    HttpRequest.newBuilder(through.resolve("/v1/blobs/" + released.content()))
                            .timeout(Duration.ofSeconds(30))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            slowest503 = Math.max(slowest503, System.nanoTime() - t0);
            assertThat(blob.statusCode())
                    .as("a blob read while S3 is down: %s", blob.body())
                    .isEqualTo(503);
            assertThat(blob.headers().firstValue("Retry-After")).isPresent();
            refusedBlobReads++;

            // What needs only the database keeps serving.
            LogAudit.get(HTTP, through, "/v1/packages/" + publisher.pkg());
            LogAudit.get(HTTP, through, "/v1/packages/" + publisher.pkg() + "/records?limit=10");
            LogAudit.get(HTTP, through, "/log/checkpoint");
            metadataAnswers += 3;
            HttpResponse<String> readiness = HTTP.send(
                    HttpRequest.newBuilder(through.resolve("/actuator/health/readiness"))
                            .timeout(Duration.ofSeconds(30))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(readiness.statusCode()).as("readiness while S3 is down").isEqualTo(503);
            Thread.sleep(500);
        }

        // S3 comes back on the same port, with the same objects; no replica is restarted.
        s3 = startS3(port);
        long back = System.nanoTime();
        for (int n = 0; n < REPLICAS; n++) {
            if (!alive.get(n)) {
                continue;
            }
            URI through = replicas.get(n).baseUri();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            Outcome outcome = publishNext(publisher, through);
            while (!(outcome instanceof Outcome.Acknowledged) && System.nanoTime() < deadline) {
                Thread.sleep(200);
                outcome = publishNext(publisher, through);
            }
            assertThat(outcome)
                    .as("replica-%d publishes again once S3 is back\n%s", n, logTails())
                    .isInstanceOf(Outcome.Acknowledged.class);
        }
        long recoveredMillis = (System.nanoTime() - back) / 1_000_000;
        System.out.printf(
                "S3 outage: down %d s; %d publishes and %d blob reads answered 503 with Retry-After (slowest"
                        + " %d ms), %d metadata reads answered 200; every replica published again %d ms after S3"
                        + " came back, without a restart%n",
                (back - down) / 1_000_000_000,
                refusedPublishes,
                refusedBlobReads,
                slowest503 / 1_000_000,
                metadataAnswers,
                recoveredMillis);
        for (int n = 0; n < REPLICAS; n++) {
            if (alive.get(n)) {
                new LogAudit(
                                root,
                                work.resolve("audit-after-s3-" + n),
                                replica(n).baseUri())
                        .check(acknowledged);
                break;
            }
        }
    }

    // ---- publishing ----------------------------------------------------------------------

    /** Publishes a fresh version (a version is never tried twice: a failed try may have committed). */
    private Outcome publishNext(SignedPublisher publisher, URI through) throws InterruptedException {
        String version = "1.0." + nextVersion.getAndIncrement();
        Outcome outcome =
                publisher.publish(through, version, SignedPublisher.component(publisher.pkg() + "@" + version));
        if (outcome instanceof Outcome.Acknowledged(Ack ack)) {
            acknowledged.add(ack);
        }
        return outcome;
    }

    /** S3Proxy in this JVM on {@code port}, over the test's folder: a restart keeps every object. */
    private static S3Proxy startS3(int port) throws Exception {
        S3Proxy proxy = S3Proxy.builder()
                .blobStore(new FilesystemNio2BlobStore(work.resolve("s3").toString()))
                .endpoint(URI.create("http://127.0.0.1:" + port))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, S3_ACCESS, S3_SECRET)
                .build();
        proxy.start();
        while (!proxy.getState().equals("STARTED")) {
            Thread.sleep(10);
        }
        return proxy;
    }

    /** Replica {@code n} modulo their number, skipping the ones killed: a round-robin balancer. */
    private ServerProcess replica(int n) {
        for (int i = 0; i < REPLICAS; i++) {
            int candidate = Math.floorMod(n + i, REPLICAS);
            if (alive.get(candidate)) {
                return replicas.get(candidate);
            }
        }
        throw new IllegalStateException("no replica is alive");
    }

    private long maxIndex() {
        return acknowledged.stream().mapToLong(Ack::logIndex).max().orElse(-1);
    }

    /**
     * Polls every live replica's checkpoint until they are all the same note, covering {@code
     * size}; answers the milliseconds since {@code since}.
     */
    private long awaitOneCheckpoint(long since, long size) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        Map<Integer, String> seen = new HashMap<>();
        while (System.nanoTime() < deadline) {
            seen.clear();
            for (int n = 0; n < REPLICAS; n++) {
                if (alive.get(n)) {
                    seen.put(n, LogAudit.get(HTTP, replicas.get(n).baseUri(), "/log/checkpoint"));
                }
            }
            if (seen.values().stream().distinct().count() == 1
                    && SignedPublisher.checkpointSize(seen.values().iterator().next()) >= size) {
                return (System.nanoTime() - since) / 1_000_000;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the replicas never served one checkpoint covering " + size + ": " + seen);
    }

    /** Which replica PostgreSQL says holds the sequencer's advisory lock right now, if any. */
    private Optional<Integer> writerLockHolder() throws Exception {
        try (Connection c = database.getConnection();
                PreparedStatement s = c.prepareStatement("SELECT a.application_name FROM pg_locks l"
                        + " JOIN pg_stat_activity a ON a.pid = l.pid WHERE l.locktype = 'advisory' AND l.granted"
                        + " AND l.classid = ? AND l.objid = ? AND l.objsubid = 1")) {
            s.setLong(1, WRITER_LOCK >>> 32);
            s.setLong(2, WRITER_LOCK & 0xffff_ffffL);
            try (ResultSet rows = s.executeQuery()) {
                if (rows.next()) {
                    String name = rows.getString(1);
                    if (name != null && name.startsWith("replica-")) {
                        return Optional.of(Integer.parseInt(name.substring("replica-".length())));
                    }
                }
            }
        }
        return Optional.empty();
    }

    /** "3 × 503 log-unavailable, 2 × no answer": how the failed publishes failed. */
    static String summary(List<Outcome> outcomes) {
        Map<String, Integer> kinds = new java.util.TreeMap<>();
        for (Outcome outcome : outcomes) {
            String kind = switch (outcome) {
                case Outcome.Refused(int status, String body, String retryAfter) ->
                    status + " "
                            + SignedPublisher.JSON
                                    .readTree(body.isEmpty() ? "{}" : body)
                                    .path("code")
                                    .asString("");
                case Outcome.NoAnswer none -> "no answer";
                case Outcome.Acknowledged ack -> "acknowledged";
            };
            kinds.merge(kind.strip(), 1, Integer::sum);
        }
        List<String> parts = new ArrayList<>();
        kinds.forEach((kind, count) -> parts.add(count + " × " + kind));
        return parts.isEmpty() ? "none" : String.join(", ", parts);
    }

    private String logTails() {
        StringBuilder out = new StringBuilder();
        for (int n = 0; n < replicas.size(); n++) {
            out.append("---- replica-")
                    .append(n)
                    .append('\n')
                    .append(replicas.get(n).logTail())
                    .append('\n');
        }
        return out.toString();
    }

    private static String base62(int length) {
        String alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
        SecureRandom random = new SecureRandom();
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < length; i++) {
            out.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return out.toString();
    }
}
