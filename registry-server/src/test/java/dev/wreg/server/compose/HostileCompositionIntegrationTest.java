package dev.wreg.server.compose;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wreg.protocol.api.CompositionRequest;
import dev.wreg.protocol.api.ProblemCodes;
import dev.wreg.protocol.crypto.PrivateKey;
import dev.wreg.protocol.digest.Digest;
import dev.wreg.protocol.name.PackageName;
import dev.wreg.protocol.record.Entry;
import dev.wreg.protocol.version.Version;
import dev.wreg.server.refusal.Refusal;
import dev.wreg.server.support.RegistryIntegrationTest;
import dev.wreg.testsupport.HostileComponents;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * Issue 20, defect 2, on the server: components that loop forever or allocate without end,
 * composed with {@code POST /v1/compositions} and smoke-run, must not take the registry down. Each
 * job fails with the limit it broke; meanwhile the API keeps answering (compositions run on their
 * own bounded pool, never on request threads); a job whose worker is alive is never taken over,
 * and a job whose workers keep dying fails for good after {@code max-attempts}.
 */
class HostileCompositionIntegrationTest extends RegistryIntegrationTest {

    /** Generous on purpose: the API must answer, not answer fast on a loaded machine. */
    private static final Duration ANSWER = Duration.ofSeconds(20);

    @Autowired
    CompositionService compositions;

    @Autowired
    CompositionJobs jobs;

    @Autowired
    CompositionProperties properties;

    private record Published(PackageName pkg, Digest content) {}

    private Published publish(String namespace, PrivateKey owner, String name, byte[] bytes) {
        PackageName pkg = new PackageName(namespace, name);
        Digest head = accept(pkg, record(pkg, null, owner, new Entry.Init(owner.publicKey())));
        Digest content = upload(bytes);
        accept(pkg, record(pkg, head, owner, new Entry.Release(Version.parse("1.0.0"), content, bytes.length)));
        return new Published(pkg, content);
    }

    private static Map<String, Object> smokeRunOf(PackageName pkg) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("plan", "package demo:hostile;\nlet h = new " + pkg + " {};\nexport h...;\n");
        body.put("invoke", List.of("run()"));
        return body;
    }

    private UUID submitAsync(Map<String, Object> body) {
        HttpResponse<byte[]> response = send(HttpRequest.newBuilder(uri("/v1/compositions"))
                .timeout(ANSWER)
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + ADMIN_TOKEN)
                .header("Prefer", "respond-async")
                .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body))));
        assertThat(response.statusCode()).as(text(response)).isEqualTo(202);
        return UUID.fromString(json(response).path("id").asString());
    }

    private HttpResponse<byte[]> getWithin(String path) {
        return send(HttpRequest.newBuilder(uri(path)).timeout(ANSWER).GET());
    }

    @Test
    void loopsAndAMemoryBombFailWithTheirLimitsWhileTheApiKeepsAnswering() throws Exception {
        String namespace = uniqueNamespace();
        PrivateKey owner = PrivateKey.generateEd25519();
        claim(namespace, owner);
        Published loop = publish(namespace, owner, "looper", HostileComponents.infiniteLoop());
        Published bomb = publish(namespace, owner, "bomb", HostileComponents.memoryBomb());

        List<UUID> hostile = List.of(
                submitAsync(smokeRunOf(loop.pkg())),
                submitAsync(smokeRunOf(loop.pkg())),
                submitAsync(smokeRunOf(bomb.pkg())));

        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        List<JsonNode> views = new ArrayList<>();
        while (System.nanoTime() < deadline) {
            // The API answers throughout: package state, blob download, the log's checkpoint.
            assertThat(getWithin("/v1/packages/" + loop.pkg()).statusCode()).isEqualTo(200);
            assertThat(getWithin("/v1/blobs/" + loop.content()).statusCode()).isEqualTo(200);
            assertThat(getWithin("/log/checkpoint").statusCode()).isEqualTo(200);
            assertThat(compositions.runningCount()).isLessThanOrEqualTo(properties.workers());
            views.clear();
            for (UUID id : hostile) {
                views.add(json(getWithin("/v1/compositions/" + id)));
            }
            if (views.stream().allMatch(v -> v.path("status").asString().equals("failed"))) {
                break;
            }
            Thread.sleep(250);
        }
        assertThat(views).extracting(v -> v.path("status").asString()).containsOnly("failed");
        for (int i = 0; i < 2; i++) {
            JsonNode error = views.get(i).path("error");
            assertThat(error.path("code").asString()).isEqualTo(ProblemCodes.LIMIT_EXCEEDED);
            assertThat(error.path("detail").asString()).contains("`timeout`");
        }
        JsonNode bombError = views.get(2).path("error");
        assertThat(bombError.path("code").asString()).isEqualTo(ProblemCodes.LIMIT_EXCEEDED);
        assertThat(bombError.path("detail").asString()).contains("`memory`");
        for (UUID id : hostile) {
            assertThat(jobs.attempts(id))
                    .as("run once, never taken over while alive")
                    .isEqualTo(1);
        }
    }

    @Test
    void aJobWhoseWorkersKeepDyingFailsForGoodAfterMaxAttempts() throws Exception {
        Instant longAgo = Instant.now().minus(Duration.ofHours(1));
        UUID dead = UUID.randomUUID();
        jdbc.update(
                "INSERT INTO compositions (id, status, request, caller, created_at, claimed_at, claimed_by, attempts)"
                        + " VALUES (?, 'running', '{}', '{}', ?, ?, 'wreg-gone/1', ?)",
                dead,
                Timestamp.from(longAgo),
                Timestamp.from(longAgo),
                properties.maxAttempts());

        compositions.pollOnce();

        CompositionJobs.Job job = jobs.find(dead).orElseThrow();
        assertThat(job.status()).isEqualTo(CompositionJobs.Status.FAILED);
        assertThat(job.errorCode()).isEqualTo(CompositionJobs.ATTEMPTS_EXHAUSTED);
        assertThat(job.errorDetail()).contains(properties.maxAttempts() + " times");
        JsonNode view = json(getWithin("/v1/compositions/" + dead));
        assertThat(view.path("error").path("code").asString()).isEqualTo(CompositionJobs.ATTEMPTS_EXHAUSTED);
    }

    @Test
    void aWorkerThatRunsOutOfHeapFailsItsJobInsteadOfLeavingItRunning() {
        // A claim of this test's own (the poller claims only queued jobs and leaves a live one).
        UUID id = UUID.randomUUID();
        String token = "wreg-test/" + UUID.randomUUID();
        CompositionRequest request = CompositionRequest.plug("example:heavy@^1", List.of(), false, List.of(), null);
        String requestJson = JSON.writeValueAsString(request);
        jdbc.update(
                "INSERT INTO compositions (id, status, request, caller, created_at, claimed_at, claimed_by, attempts)"
                        + " VALUES (?, 'running', ?, '{}', now(), now(), ?, 1)",
                id,
                requestJson,
                token);
        // Inputs that exhaust the heap the way an oversized smoke run does on a mis-sized server.
        CompositionInputs exhausting = new CompositionInputs(null, null) {
            @Override
            ResolvedInput resolve(String role, InputRef ref, long maxBytes) {
                throw new OutOfMemoryError("Java heap space");
            }
        };
        CompositionRunner runner = new CompositionRunner(exhausting, jobs, null, null, properties);

        runner.run(
                new CompositionJobs.Claimed(id, requestJson, "{}", token, 1),
                new CompositionRunner.Work(request, null, null));

        CompositionJobs.Job job = jobs.find(id).orElseThrow();
        assertThat(job.status()).isEqualTo(CompositionJobs.Status.FAILED);
        assertThat(job.errorKind()).isEqualTo(Refusal.Kind.UNAVAILABLE);
        assertThat(job.errorCode()).isEqualTo(ProblemCodes.OVERLOADED);
        assertThat(job.errorDetail()).contains("ran out of memory");
        JsonNode view = json(getWithin("/v1/compositions/" + id));
        assertThat(view.path("status").asString()).isEqualTo("failed");
    }

    @Test
    void aWorkerThatLostItsClaimCannotFinishTheJob() {
        // Claimed by a first worker (rows are written directly: the background poller would claim
        // a queued job itself, and take over one whose lease expired).
        UUID id = UUID.randomUUID();
        String first = "wreg-first/" + UUID.randomUUID();
        jdbc.update(
                "INSERT INTO compositions (id, status, request, caller, created_at, claimed_at, claimed_by, attempts)"
                        + " VALUES (?, 'running', '{}', '{}', now(), now(), ?, 1)",
                id,
                first);
        // The first worker went silent past its lease and another worker claimed the job anew.
        String second = "wreg-second/" + UUID.randomUUID();
        jdbc.update(
                "UPDATE compositions SET claimed_at = now(), claimed_by = ?, attempts = attempts + 1 WHERE id = ?",
                second,
                id);
        assertThat(jobs.attempts(id)).isEqualTo(2);

        assertThat(jobs.renew(List.of(first, second))).containsExactly(second);
        assertThat(jobs.fail(id, first, null, null, Refusal.Kind.BROKEN, "late", "the old copy"))
                .isFalse();
        assertThat(jobs.succeed(
                        id, second, "[]", "{}", Digest.sha256(new byte[0]).toString(), 0, null))
                .isTrue();
        assertThat(jobs.find(id).orElseThrow().status()).isEqualTo(CompositionJobs.Status.SUCCEEDED);
    }
}
