package dev.wreg.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wreg.e2e.SignedPublisher.Ack;
import dev.wreg.e2e.SignedPublisher.Outcome;
import dev.wreg.protocol.crypto.PrivateKey;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Issue 15 §3 at scale, on the server jar with its embedded defaults: sixteen clients publish
 * signed releases at once (through the HTTP API, as {@code wreg publish} does) while the server is
 * stopped under them.
 *
 * <ol>
 *   <li>{@code kill -9} three times during 1,000 acknowledged publishes, at different moments: after
 *       each restart every publish a client saw acknowledged is in its package with its bytes at
 *       its log index, no index was used twice, nothing half-written is served, and {@code ./wreg
 *       verify} re-derives the whole log ({@link LogAudit}).
 *   <li>SIGTERM while publishes are in flight: those in flight are answered (2xx, or a clean
 *       refusal), none the server committed is left without its answer, new ones are not accepted
 *       once the shutdown began, and everything acknowledged survives the restart.
 * </ol>
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PublishFaultsAtScaleEndToEndTest {

    private static final int CLIENTS = 16;
    private static final int PUBLISHES = 1000;
    /** Acknowledged publishes at which the server is killed: early, in the middle, late. */
    private static final int[] KILL_AT = {150, 480, 820};

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    static Path work;

    private Path root;
    private Path jar;
    private Path dataDir;
    private int port;
    private ServerProcess server;
    private final List<SignedPublisher> publishers = new ArrayList<>();
    private final List<Ack> acknowledged = new CopyOnWriteArrayList<>();
    private final AtomicInteger nextVersion = new AtomicInteger();

    /** One publish as its client saw it, with when it started and ended. */
    record Attempt(String pkg, String version, long startedAt, long endedAt, Outcome outcome) {}

    @BeforeAll
    void startServerAndClients() throws Exception {
        root = Path.of(System.getProperty("wreg.root")).toRealPath();
        jar = root.resolve("registry-server/target/registry-server.jar");
        assertThat(jar)
                .as("built by the registry-server module before this one")
                .isRegularFile();
        dataDir = work.resolve("server-data");
        port = ServerProcess.freePort();
        startServer();
        String token = server.bootstrapToken();
        for (int i = 0; i < CLIENTS; i++) {
            PrivateKey key = PrivateKey.generateEd25519();
            String namespace = "scale-" + (char) ('a' + i);
            SignedPublisher.claim(HTTP, registry(), token, namespace, key);
            SignedPublisher publisher = new SignedPublisher(HTTP, token, namespace + ":app", key);
            publisher.init(registry());
            publishers.add(publisher);
        }
    }

    @AfterAll
    void stopServer() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @Test
    @Order(1)
    void acknowledgedPublishesSurviveThreeKillsDuringAThousand() throws Exception {
        long started = System.nanoTime();
        AtomicBoolean paused = new AtomicBoolean();
        AtomicInteger inFlight = new AtomicInteger();
        List<Attempt> attempts = new CopyOnWriteArrayList<>();
        List<String> rounds = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(CLIENTS)) {
            List<Future<?>> running = new ArrayList<>();
            for (SignedPublisher publisher : publishers) {
                running.add(pool.submit(() -> {
                    while (acknowledged.size() < PUBLISHES) {
                        if (paused.get()) {
                            Thread.sleep(20);
                            continue;
                        }
                        inFlight.incrementAndGet();
                        try {
                            Attempt attempt = publishNext(publisher);
                            attempts.add(attempt);
                            if (attempt.outcome() instanceof Outcome.NoAnswer) {
                                Thread.sleep(500); // the server is down: a client's back-off
                            }
                        } finally {
                            inFlight.decrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            for (int killAt : KILL_AT) {
                awaitUntil(() -> acknowledged.size() >= killAt, Duration.ofMinutes(3), "publishes before a kill");
                int ackedAtKill = acknowledged.size();
                server.kill();
                long killedAt = System.nanoTime();
                startServer();
                long restartMillis = (System.nanoTime() - killedAt) / 1_000_000;
                // Audit what was acknowledged so far with the clients held back, then let them go on.
                paused.set(true);
                awaitUntil(() -> inFlight.get() == 0, Duration.ofMinutes(2), "in-flight publishes to end");
                new LogAudit(root, work.resolve("audit-kill-" + killAt), registry()).check(List.copyOf(acknowledged));
                paused.set(false);
                rounds.add("kill -9 at " + ackedAtKill + " acknowledged, back in " + restartMillis + " ms");
            }
            for (Future<?> future : running) {
                future.get(10, TimeUnit.MINUTES);
            }
        }
        long seconds = (System.nanoTime() - started) / 1_000_000_000;
        new LogAudit(root, work.resolve("audit-final"), registry()).check(List.copyOf(acknowledged));
        long unanswered = attempts.stream()
                .filter(a -> a.outcome() instanceof Outcome.NoAnswer)
                .count();
        long refused = attempts.stream()
                .filter(a -> a.outcome() instanceof Outcome.Refused)
                .count();
        System.out.printf(
                "crash at scale: %d clients, %d publishes acknowledged of %d tried (%d unanswered, %d refused:"
                        + " %s) in %d s with three kills: %s%n",
                CLIENTS,
                acknowledged.size(),
                attempts.size(),
                unanswered,
                refused,
                ReplicasEndToEndTest.summary(attempts.stream()
                        .map(Attempt::outcome)
                        .filter(o -> !(o instanceof Outcome.Acknowledged))
                        .toList()),
                seconds,
                String.join("; ", rounds));
        assertThat(acknowledged.size()).isGreaterThanOrEqualTo(PUBLISHES);
    }

    @Test
    @Order(2)
    void sigtermAnswersInFlightPublishesAndAcceptsNoNewOnes() throws Exception {
        int before = acknowledged.size();
        AtomicBoolean stop = new AtomicBoolean();
        List<Attempt> attempts = new CopyOnWriteArrayList<>();
        long terminatedAt;
        long exitedAt;
        int exitStatus;
        try (ExecutorService pool = Executors.newFixedThreadPool(CLIENTS)) {
            List<Future<?>> running = new ArrayList<>();
            for (SignedPublisher publisher : publishers) {
                running.add(pool.submit(() -> {
                    while (!stop.get()) {
                        Attempt attempt = publishNext(publisher);
                        attempts.add(attempt);
                        if (!(attempt.outcome() instanceof Outcome.Acknowledged)) {
                            Thread.sleep(50);
                        }
                    }
                    return null;
                }));
            }
            awaitUntil(() -> acknowledged.size() >= before + 60, Duration.ofMinutes(2), "publishes before SIGTERM");
            terminatedAt = System.nanoTime();
            server.terminate();
            exitStatus = server.awaitExit(Duration.ofMinutes(2));
            exitedAt = System.nanoTime();
            Thread.sleep(500); // clients meet the stopped server for a moment
            stop.set(true);
            for (Future<?> future : running) {
                future.get(5, TimeUnit.MINUTES);
            }
        }
        startServer();

        List<Attempt> inFlight = attempts.stream()
                .filter(a -> a.startedAt() < terminatedAt && a.endedAt() > terminatedAt)
                .toList();
        long answeredInFlight = inFlight.stream()
                .filter(a -> a.outcome() instanceof Outcome.Acknowledged)
                .count();
        long refusedInFlight = inFlight.stream()
                .filter(a -> a.outcome() instanceof Outcome.Refused)
                .count();
        // Once the shutdown has begun (allowing a second for the signal to reach Tomcat), nothing new
        // is accepted.
        long graceNanos = Duration.ofSeconds(1).toNanos();
        List<Attempt> acceptedLate = attempts.stream()
                .filter(a -> a.startedAt() > terminatedAt + graceNanos)
                .filter(a -> a.outcome() instanceof Outcome.Acknowledged)
                .toList();
        long startedLate = attempts.stream()
                .filter(a -> a.startedAt() > terminatedAt + graceNanos)
                .count();
        System.out.printf(
                "graceful shutdown: %d publishes in flight at SIGTERM: %d acknowledged, %d refused, %d"
                        + " unanswered; %d started after it, none accepted (%d were); the server exited with"
                        + " %d after %d ms%n",
                inFlight.size(),
                answeredInFlight,
                refusedInFlight,
                inFlight.size() - answeredInFlight - refusedInFlight,
                startedLate,
                acceptedLate.size(),
                exitStatus,
                (exitedAt - terminatedAt) / 1_000_000);
        assertThat(answeredInFlight)
                .as("publishes in flight at SIGTERM are answered")
                .isPositive();
        assertThat(acceptedLate)
                .as("nothing new is accepted once the shutdown began")
                .isEmpty();

        // A publish the server committed always got its answer: no unanswered attempt is released.
        Set<String> released = new HashSet<>();
        for (SignedPublisher publisher : publishers) {
            JsonNode state =
                    SignedPublisher.JSON.readTree(LogAudit.get(HTTP, registry(), "/v1/packages/" + publisher.pkg()));
            for (JsonNode version : state.path("versions")) {
                released.add(publisher.pkg() + "@" + version.path("version").asString());
            }
        }
        List<Attempt> committedUnanswered = attempts.stream()
                .filter(a -> !(a.outcome() instanceof Outcome.Acknowledged))
                .filter(a -> released.contains(a.pkg() + "@" + a.version()))
                .toList();
        assertThat(committedUnanswered)
                .as("publishes the server committed but never answered 2xx")
                .isEmpty();
        new LogAudit(root, work.resolve("audit-sigterm"), registry()).check(List.copyOf(acknowledged));
    }

    // ---- helpers --------------------------------------------------------------------------

    private Attempt publishNext(SignedPublisher publisher) throws InterruptedException {
        String version = "1.0." + nextVersion.getAndIncrement();
        long startedAt = System.nanoTime();
        Outcome outcome =
                publisher.publish(registry(), version, SignedPublisher.component(publisher.pkg() + "@" + version));
        long endedAt = System.nanoTime();
        if (outcome instanceof Outcome.Acknowledged(Ack ack)) {
            acknowledged.add(ack);
        }
        return new Attempt(publisher.pkg(), version, startedAt, endedAt, outcome);
    }

    private URI registry() {
        return URI.create("http://127.0.0.1:" + port);
    }

    private void startServer() throws Exception {
        server = ServerProcess.start(jar, work, dataDir, port);
        server.awaitReady();
    }

    private void awaitUntil(BooleanSupplier condition, Duration limit, String what) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("waited " + limit + " for " + what + "\n"
                        + Optional.ofNullable(server)
                                .map(ServerProcess::logTail)
                                .orElse(""));
            }
            Thread.sleep(10);
        }
    }
}
