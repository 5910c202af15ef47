package dev.wreg.server.compose;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wreg.protocol.crypto.PrivateKey;
import dev.wreg.protocol.crypto.PublicKey;
import dev.wreg.protocol.digest.Digest;
import dev.wreg.protocol.dsse.Envelope;
import dev.wreg.protocol.name.PackageName;
import dev.wreg.protocol.record.Composition;
import dev.wreg.protocol.record.Entry;
import dev.wreg.protocol.record.PackageRecord;
import dev.wreg.protocol.record.Permission;
import dev.wreg.protocol.version.Version;
import dev.wreg.server.support.RegistryIntegrationTest;
import dev.wreg.testsupport.SharedData;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * {@code POST /v1/compositions} against the real server and embedded PostgreSQL: inputs from the
 * registry by requirement or digest, synchronous and polled answers, jobs any replica can run,
 * publishing with provenance under the composer key, and every refusal storing nothing but its
 * failed report.
 */
class CompositionIntegrationTest extends RegistryIntegrationTest {

    static byte[] fixture(String name) {
        try {
            return Files.readAllBytes(SharedData.fixtureWasm(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A namespace with {@code calc-provider} 1.0.0 and 1.1.0 and {@code calc-consumer} 1.1.0 released. */
    record Calc(String namespace, PrivateKey owner, PackageName provider, PackageName consumer, Digest providerHead) {}

    private Calc publishCalc() {
        PrivateKey owner = PrivateKey.generateEd25519();
        String namespace = uniqueNamespace();
        claim(namespace, owner);
        PackageName provider = new PackageName(namespace, "calc-provider");
        Digest head = accept(provider, record(provider, null, owner, new Entry.Init(owner.publicKey())));
        head = release(provider, head, owner, "1.0.0", fixture("calc-provider-1.0.0"));
        head = release(provider, head, owner, "1.1.0", fixture("calc-provider-1.1.0"));
        PackageName consumer = new PackageName(namespace, "calc-consumer");
        Digest consumerHead = accept(consumer, record(consumer, null, owner, new Entry.Init(owner.publicKey())));
        release(consumer, consumerHead, owner, "1.1.0", fixture("calc-consumer-1.1.0"));
        return new Calc(namespace, owner, provider, consumer, head);
    }

    private Digest release(PackageName pkg, Digest head, PrivateKey owner, String version, byte[] bytes) {
        Digest content = upload(bytes);
        return accept(pkg, record(pkg, head, owner, new Entry.Release(Version.parse(version), content, bytes.length)));
    }

    private HttpResponse<byte[]> compose(Map<String, Object> body) {
        return postJson("/v1/compositions", ADMIN_TOKEN, body);
    }

    private static Map<String, Object> plug(String socket, String... plugs) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("socket", socket);
        body.put("plugs", List.of(plugs));
        body.put("invoke", List.of("run()"));
        return body;
    }

    private long compositionCount() {
        return jdbc.queryForObject("SELECT count(*) FROM compositions", Long.class);
    }

    @Test
    void composesTheNewestNonYankedMatchesAndStoresTheResult() {
        Calc calc = publishCalc();
        HttpResponse<byte[]> response = compose(plug(calc.consumer() + "@^1", calc.provider() + "@^1"));
        assertThat(response.statusCode()).as(text(response)).isEqualTo(201);
        JsonNode body = json(response);
        String location = response.headers().firstValue("Location").orElseThrow();
        assertThat(location).isEqualTo("/v1/compositions/" + body.path("id").asString());
        assertThat(body.path("status").asString()).isEqualTo("succeeded");
        assertThat(body.path("inputs").get(1).path("version").asString()).isEqualTo("1.1.0");
        assertThat(body.path("inputs").get(1).path("content").asString())
                .isEqualTo(Digest.sha256(fixture("calc-provider-1.1.0")).toString());
        assertThat(body.path("report").path("passed").asBoolean()).isTrue();
        assertThat(body.path("report")
                        .path("smokeRun")
                        .path("calls")
                        .get(0)
                        .path("result")
                        .asString())
                .isEqualTo("35");
        assertThat(body.path("report").path("wiring").get(0).path("provider").asString())
                .contains(calc.provider() + "@1.1.0");

        String digest = body.path("result").path("digest").asString();
        HttpResponse<byte[]> blob = get("/v1/blobs/" + digest);
        assertThat(blob.statusCode()).isEqualTo(200);
        assertThat(Digest.sha256(blob.body()).toString()).isEqualTo(digest);
        assertThat((long) blob.body().length)
                .isEqualTo(body.path("result").path("size").asLong());

        JsonNode polled = json(get(location));
        assertThat(polled.path("status").asString()).isEqualTo("succeeded");
        assertThat(polled.path("result").path("digest").asString()).isEqualTo(digest);
    }

    @Test
    void acceptsUploadedBlobsByDigest() {
        Digest socket = upload(fixture("calc-consumer-1.0.0"));
        Digest plug = upload(fixture("calc-provider-1.0.0"));
        HttpResponse<byte[]> response = compose(plug(socket.toString(), plug.toString()));
        assertThat(response.statusCode()).as(text(response)).isEqualTo(201);
        JsonNode body = json(response);
        assertThat(body.path("inputs").get(0).path("package").isNull()).isTrue();
        assertThat(body.path("inputs").get(0).path("content").asString()).isEqualTo(socket.toString());
        assertThat(body.path("report")
                        .path("smokeRun")
                        .path("calls")
                        .get(0)
                        .path("result")
                        .asString())
                .isEqualTo("42");
    }

    @Test
    void aYankedReleaseIsNotChosenAndTheRefusalKeepsOnlyTheFailedReport() {
        Calc calc = publishCalc();
        accept(
                calc.provider(),
                record(
                        calc.provider(),
                        calc.providerHead(),
                        calc.owner(),
                        new Entry.Yank(Version.parse("1.1.0"), "bad")));
        // ^1 now resolves to 1.0.0, which lacks the `mul` that consumer 1.1.0 imports.
        HttpResponse<byte[]> response =
                assertOnlyFailedReportStored(() -> compose(plug(calc.consumer() + "@^1", calc.provider() + "@^1")));
        JsonNode problem = assertProblem(response, 422, "type-mismatch");
        assertThat(problem.path("detail").asString()).contains("mul");
        JsonNode failed = json(get(response.headers().firstValue("Location").orElseThrow()));
        assertThat(failed.path("status").asString()).isEqualTo("failed");
        assertThat(failed.path("error").path("code").asString()).isEqualTo("type-mismatch");
        assertThat(failed.path("result").isNull()).isTrue();
        assertThat(failed.path("inputs").get(1).path("version").asString()).isEqualTo("1.0.0");
    }

    @Test
    void badInputsAreRefusedPreciselyWithNothingButTheFailedReportStored() {
        Calc calc = publishCalc();
        String provider = calc.provider() + "@^1";
        Digest core = upload(new byte[] {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00});
        Digest truncated = upload(Arrays.copyOf(fixture("calc-consumer-1.0.0"), 40));
        Digest oversized = upload(fixture("hello"));
        Digest greeter = upload(fixture("greeter-socket"));

        record Case(Map<String, Object> body, int status, String code, String detail) {}
        List<Case> cases = List.of(
                new Case(plug(core.toString(), provider), 422, "not-a-component", "core WebAssembly module"),
                new Case(plug(truncated.toString(), provider), 422, "not-a-component", "failed to parse"),
                new Case(plug(oversized.toString(), provider), 413, "input-too-large", "limit"),
                new Case(plug(calc.namespace() + ":nothing@^1", provider), 404, "not-found", "nothing"),
                new Case(plug(calc.consumer() + "@^7", provider), 404, "unknown-version", "^7"),
                new Case(plug(greeter.toString(), provider), 422, "no-matching-imports", "no matching imports"),
                new Case(plug(Digest.sha256(new byte[] {1}).toString(), provider), 404, "not-found", "no blob"));
        for (Case c : cases) {
            HttpResponse<byte[]> response = assertOnlyFailedReportStored(() -> compose(c.body()));
            JsonNode problem = assertProblem(response, c.status(), c.code());
            assertThat(problem.path("detail").asString()).as(c.code()).contains(c.detail());
        }
    }

    @Test
    void malformedRequestsStoreNothingAtAll() {
        Map<String, Object> plan = new HashMap<>(plug("example:a@1", "example:b@1"));
        plan.put("plan", "package example:app;");
        String readOnly = issueToken(List.of("yank"), null, null);
        List<Supplier<HttpResponse<byte[]>>> requests = List.of(
                () -> compose(Map.of("plugs", List.of("example:b@1"))),
                () -> compose(Map.of("socket", "example:a@1")),
                () -> compose(plug("not a name", "example:b@1")),
                () -> compose(plug("example:a@1", "sha256:abc")),
                () -> compose(plan),
                () -> postJson("/v1/compositions", null, plug("example:a@1", "example:b@1")),
                () -> postJson("/v1/compositions", readOnly, plug("example:a@1", "example:b@1")));
        List<Integer> statuses = List.of(400, 400, 400, 400, 400, 401, 403);
        List<String> codes = List.of(
                "invalid-request",
                "invalid-request",
                "invalid-request",
                "invalid-request",
                "invalid-request",
                "unauthenticated",
                "forbidden");
        for (int i = 0; i < requests.size(); i++) {
            long before = compositionCount();
            HttpResponse<byte[]> response = assertNothingStored(requests.get(i));
            assertProblem(response, statuses.get(i), codes.get(i));
            assertThat(compositionCount()).isEqualTo(before);
        }
    }

    @Test
    void aPlanResolvesItsPackagesFromTheRegistryAndRecordsThemAsInputs() {
        Calc calc = publishCalc();
        String plan = """
                package demo:calc;
                let ops = new %s@^1.0 {};
                let consumer = new %s { ...ops };
                export consumer.run;
                """.formatted(calc.provider(), calc.consumer());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("plan", plan);
        body.put("invoke", List.of("run()"));
        HttpResponse<byte[]> response = compose(body);
        assertThat(response.statusCode()).as(text(response)).isEqualTo(201);
        JsonNode composition = json(response);
        assertThat(composition
                        .path("report")
                        .path("smokeRun")
                        .path("calls")
                        .get(0)
                        .path("result")
                        .asString())
                .isEqualTo("35");
        JsonNode inputs = composition.path("inputs");
        assertThat(inputs).hasSize(2);
        assertThat(inputs.get(0).path("package").asString())
                .isEqualTo(calc.provider().toString());
        assertThat(inputs.get(0).path("version").asString()).isEqualTo("1.1.0");
        assertThat(inputs.get(1).path("package").asString())
                .isEqualTo(calc.consumer().toString());
        String digest = composition.path("result").path("digest").asString();
        assertThat(get("/v1/blobs/" + digest).statusCode()).isEqualTo(200);
    }

    @Test
    void planErrorsArePreciseAndStoreAtMostTheFailedReport() {
        Calc calc = publishCalc();
        // A syntax error is answered before any job exists, with its position.
        long before = compositionCount();
        JsonNode syntax = assertProblem(
                assertNothingStored(() -> compose(Map.of("plan", "package demo:x;\nlet = new;\n"))),
                422,
                "plan-syntax");
        assertThat(syntax.path("detail").asString()).startsWith("plan.wac:2:");
        assertThat(compositionCount()).isEqualTo(before);

        // An unknown package or version is found while the job runs: only the failed report stays.
        String unknownPackage = "package demo:x;\nlet a = new " + calc.namespace() + ":nothing {};\nexport a.run;\n";
        JsonNode missing = assertProblem(
                assertOnlyFailedReportStored(() -> compose(Map.of("plan", unknownPackage))), 404, "unknown-package");
        assertThat(missing.path("detail").asString()).contains(calc.namespace() + ":nothing");

        String unknownVersion = "package demo:x;\nlet a = new " + calc.provider() + "@^7 {};\n";
        assertProblem(
                assertOnlyFailedReportStored(() -> compose(Map.of("plan", unknownVersion))), 404, "unknown-version");

        Map<String, Object> both = new LinkedHashMap<>(plug(calc.consumer() + "@^1", calc.provider() + "@^1"));
        both.put("plan", unknownPackage);
        assertProblem(assertNothingStored(() -> compose(both)), 400, "invalid-request");
    }

    @Test
    void respondAsyncAnswers202AndThePollShowsTheResult() throws Exception {
        Calc calc = publishCalc();
        HttpResponse<byte[]> response = send(HttpRequest.newBuilder(uri("/v1/compositions"))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + ADMIN_TOKEN)
                .header("Prefer", "respond-async")
                .POST(HttpRequest.BodyPublishers.ofByteArray(
                        JSON.writeValueAsBytes(plug(calc.consumer() + "@^1", calc.provider() + "@^1")))));
        assertThat(response.statusCode()).as(text(response)).isEqualTo(202);
        assertThat(response.headers().firstValue("Preference-Applied")).contains("respond-async");
        String location = response.headers().firstValue("Location").orElseThrow();
        JsonNode done = pollUntilFinished(location);
        assertThat(done.path("status").asString()).isEqualTo("succeeded");
        assertThat(done.path("result").path("digest").asString()).startsWith("sha256:");
    }

    @Test
    void aQueuedJobIsRunByTheReplicasPoller() throws Exception {
        // As if another replica queued it and went away before claiming it.
        Digest socket = upload(fixture("calc-consumer-1.0.0"));
        Digest plug = upload(fixture("calc-provider-1.1.0"));
        UUID id = UUID.randomUUID();
        jdbc.update(
                "INSERT INTO compositions (id, status, request, caller, created_at) VALUES (?, 'queued', ?, ?, now())",
                id,
                JSON.writeValueAsString(plug(socket.toString(), plug.toString())),
                "{\"tokenId\":\"bootstrap\",\"scopes\":[\"admin\"],\"patterns\":[]}");
        JsonNode done = pollUntilFinished("/v1/compositions/" + id);
        assertThat(done.path("status").asString()).as(done.toString()).isEqualTo("succeeded");
        assertThat(done.path("report")
                        .path("smokeRun")
                        .path("calls")
                        .get(0)
                        .path("result")
                        .asString())
                .isEqualTo("42");
        assertThat(jdbc.queryForObject("SELECT claimed_by FROM compositions WHERE id = ?", String.class, id))
                .startsWith("wreg-");
    }

    @Test
    void theComposerKeyPublishesWithProvenanceOnlyWhereGrantedRelease() {
        Calc calc = publishCalc();
        JsonNode composer = json(get("/v1/composer"));
        PublicKey composerKey = PublicKey.parse(composer.path("key").asString());
        assertThat(composer.path("keyId").asString())
                .isEqualTo(composerKey.keyId().value());

        PackageName app = new PackageName(calc.namespace(), "calc-app");
        Digest head = accept(
                app, record(app, null, calc.owner(), new Entry.Init(calc.owner().publicKey())));
        Map<String, Object> body = new LinkedHashMap<>(plug(calc.consumer() + "@^1", calc.provider() + "@=1.1.0"));
        body.put("publish", Map.of("package", app.toString(), "version", "1.0.0"));

        // Not granted yet: refused before anything is composed or stored.
        long before = compositionCount();
        JsonNode refused = assertProblem(assertNothingStored(() -> compose(body)), 403, "unauthorized");
        assertThat(refused.path("detail").asString()).contains("wreg grant " + composerKey.text());
        assertThat(compositionCount()).isEqualTo(before);

        accept(app, record(app, head, calc.owner(), new Entry.Grant(composerKey, Set.of(Permission.RELEASE))));
        HttpResponse<byte[]> response = compose(body);
        assertThat(response.statusCode()).as(text(response)).isEqualTo(201);
        JsonNode composition = json(response);
        JsonNode published = composition.path("published");
        assertThat(published.path("pkg").asString()).isEqualTo(app.toString());
        assertThat(published.path("logIndex").asLong()).isNotNegative();

        JsonNode state = json(get("/v1/packages/" + app));
        assertThat(state.path("latest").asString()).isEqualTo("1.0.0");
        assertThat(state.path("versions").get(0).path("content").asString())
                .isEqualTo(composition.path("result").path("digest").asString());

        JsonNode records = json(get("/v1/packages/" + app + "/records?from=2")).path("records");
        Envelope envelope = Envelope.parse(JSON.writeValueAsBytes(records.get(0).path("envelope")));
        assertThat(envelope.verifiedBy(composerKey)).isTrue();
        Entry.Release release = (Entry.Release)
                PackageRecord.parsePayload(envelope.payload()).entries().getFirst();
        Composition provenance = release.provenance().orElseThrow();
        assertThat(provenance.method()).isEqualTo("plug");
        assertThat(provenance.plan()).isNull();
        assertThat(provenance.inputs())
                .containsExactly(
                        new Composition.Input(
                                "socket",
                                calc.consumer(),
                                Version.parse("1.1.0"),
                                Digest.sha256(fixture("calc-consumer-1.1.0"))),
                        new Composition.Input(
                                "plug",
                                calc.provider(),
                                Version.parse("1.1.0"),
                                Digest.sha256(fixture("calc-provider-1.1.0"))));

        // The same version again: refused before composing.
        assertProblem(assertNothingStored(() -> compose(body)), 409, "version-exists");
    }

    /** Runs a request expected to fail inside the job: only one failed composition row appears. */
    private HttpResponse<byte[]> assertOnlyFailedReportStored(Supplier<HttpResponse<byte[]>> action) {
        long before = compositionCount();
        long failedBefore =
                jdbc.queryForObject("SELECT count(*) FROM compositions WHERE status = 'failed'", Long.class);
        HttpResponse<byte[]> response = assertNothingStored(action);
        assertThat(compositionCount()).isEqualTo(before + 1);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM compositions WHERE status = 'failed'", Long.class))
                .isEqualTo(failedBefore + 1);
        assertThat(jdbc.queryForObject(
                        "SELECT count(*) FROM compositions WHERE status = 'failed' AND result_digest IS NOT NULL",
                        Long.class))
                .isZero();
        return response;
    }

    private JsonNode pollUntilFinished(String location) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (true) {
            HttpResponse<byte[]> polled = get(location);
            assertThat(polled.statusCode()).as(text(polled)).isEqualTo(200);
            JsonNode job = json(polled);
            String status = job.path("status").asString();
            if (status.equals("succeeded")
                    || status.equals("failed")
                    || Instant.now().isAfter(deadline)) {
                return job;
            }
            Thread.sleep(100);
        }
    }
}
