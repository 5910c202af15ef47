package dev.wreg.server.publish;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wreg.protocol.crypto.PrivateKey;
import dev.wreg.protocol.digest.Digest;
import dev.wreg.protocol.dsse.Envelope;
import dev.wreg.protocol.name.PackageName;
import dev.wreg.protocol.record.Entry;
import dev.wreg.protocol.record.Permission;
import dev.wreg.protocol.record.SignedRecord;
import dev.wreg.protocol.version.Version;
import dev.wreg.server.log.Sequencer;
import dev.wreg.server.support.RegistryIntegrationTest;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** The happy path end to end over HTTP: claim a namespace, init, upload, release, yank, read back. */
class PublishFlowIntegrationTest extends RegistryIntegrationTest {

    @Test
    void claimInitReleaseYankAndReadBack() {
        PrivateKey owner = PrivateKey.generateEd25519();
        String namespace = uniqueNamespace();
        claim(namespace, owner);
        JsonNode ns = json(get("/v1/namespaces/" + namespace));
        assertThat(ns.path("owners").get(0).asString())
                .isEqualTo(owner.publicKey().text());

        PackageName pkg = new PackageName(namespace, "hello");
        Digest head = accept(pkg, record(pkg, null, owner, new Entry.Init(owner.publicKey())));

        byte[] bytes = component("hello v1");
        Digest content = upload(bytes);
        SignedRecord release =
                record(pkg, head, owner, new Entry.Release(Version.parse("0.1.0"), content, bytes.length));
        HttpResponse<byte[]> published = submit(pkg, release, ADMIN_TOKEN);
        assertThat(published.statusCode()).as(text(published)).isEqualTo(201);
        JsonNode answer = json(published);
        assertThat(answer.path("recordId").asString()).isEqualTo(release.id().toString());
        assertThat(answer.path("index").asLong()).isEqualTo(1);
        assertThat(answer.path("package").path("latest").asString()).isEqualTo("0.1.0");

        // The identical envelope again: same answer, 200, nothing new.
        HttpResponse<byte[]> again = submit(pkg, release, ADMIN_TOKEN);
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(json(again).path("recordId").asString())
                .isEqualTo(release.id().toString());
        assertThat(json(again).path("index").asLong()).isEqualTo(1);

        String yankToken = issueToken(List.of("yank"), List.of(namespace + ":*"), null);
        SignedRecord yank = record(pkg, release.id(), owner, new Entry.Yank(Version.parse("0.1.0"), "broken"));
        HttpResponse<byte[]> yanked = submit(pkg, yank, yankToken);
        assertThat(yanked.statusCode()).as(text(yanked)).isEqualTo(201);

        JsonNode state = json(get("/v1/packages/" + pkg));
        assertThat(state.path("package").asString()).isEqualTo(pkg.toString());
        assertThat(state.path("head").asString()).isEqualTo(yank.id().toString());
        assertThat(state.path("recordCount").asLong()).isEqualTo(3);
        JsonNode version = state.path("versions").get(0);
        assertThat(version.path("version").asString()).isEqualTo("0.1.0");
        assertThat(version.path("content").asString()).isEqualTo(content.toString());
        assertThat(version.path("size").asLong()).isEqualTo(bytes.length);
        assertThat(version.path("yanked").asBoolean()).isTrue();
        assertThat(version.path("yankReason").asString()).isEqualTo("broken");
        assertThat(version.path("time").asString()).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z");
        assertThat(version.path("recordId").asString()).isEqualTo(release.id().toString());
        assertThat(state.path("keys").get(0).path("keyId").asString())
                .isEqualTo(owner.publicKey().keyId().value());

        // Records come back byte for byte as submitted.
        JsonNode records = json(get("/v1/packages/" + pkg + "/records?from=1")).path("records");
        assertThat(records).hasSize(2);
        assertThat(records.get(0).path("index").asLong()).isEqualTo(1);
        Envelope returned = Envelope.fromJson(records.get(0).path("envelope"));
        assertThat(returned).isEqualTo(release.envelope());
        assertThat(jdbc.queryForObject(
                        "SELECT envelope FROM package_records WHERE record_id = ?",
                        byte[].class,
                        release.id().toString()))
                .isEqualTo(release.envelope().toJson());

        JsonNode list = json(get("/v1/packages?page=0&size=200"));
        assertThat(list.path("total").asLong()).isGreaterThanOrEqualTo(1);

        // The blob: whole, ranged, HEAD, with the safe headers.
        HttpResponse<byte[]> blob = get("/v1/blobs/" + content);
        assertThat(blob.statusCode()).isEqualTo(200);
        assertThat(blob.body()).isEqualTo(bytes);
        assertThat(blob.headers().firstValue("Content-Type")).hasValue("application/wasm");
        assertThat(blob.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(blob.headers().firstValue("Content-Disposition"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("attachment"));
        HttpResponse<byte[]> range =
                send(HttpRequest.newBuilder(uri("/v1/blobs/" + content)).header("Range", "bytes=2-5"));
        assertThat(range.statusCode()).isEqualTo(206);
        assertThat(range.body()).isEqualTo(java.util.Arrays.copyOfRange(bytes, 2, 6));
        assertThat(range.headers().firstValue("Content-Range")).hasValue("bytes 2-5/" + bytes.length);
        HttpResponse<byte[]> headResponse = send(HttpRequest.newBuilder(uri("/v1/blobs/" + content))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()));
        assertThat(headResponse.statusCode()).isEqualTo(200);
        assertThat(headResponse.headers().firstValueAsLong("Content-Length")).hasValue(bytes.length);
        HttpResponse<byte[]> unsatisfiable =
                send(HttpRequest.newBuilder(uri("/v1/blobs/" + content)).header("Range", "bytes=9999-"));
        assertProblem(unsatisfiable, 416, "invalid-range");

        // The operator log carries the claim.
        JsonNode operatorRecords = json(get("/v1/operator/records")).path("records");
        assertThat(operatorRecords.size()).isGreaterThanOrEqualTo(1);
        assertThat(json(get("/v1/operator")).path("key").asString()).startsWith("ed25519:");
    }

    @Test
    void grantedKeyReleasesAndRevokedKeyIsRefused() {
        PrivateKey owner = PrivateKey.generateEd25519();
        PrivateKey helper = PrivateKey.generateEd25519();
        String namespace = uniqueNamespace();
        claim(namespace, owner);
        PackageName pkg = new PackageName(namespace, "lib");
        Digest head = accept(pkg, record(pkg, null, owner, new Entry.Init(owner.publicKey())));
        head = accept(pkg, record(pkg, head, owner, new Entry.Grant(helper.publicKey(), Set.of(Permission.RELEASE))));
        byte[] bytes = component("lib 1");
        Digest content = upload(bytes);
        head = accept(pkg, record(pkg, head, helper, new Entry.Release(Version.parse("1.0.0"), content, bytes.length)));
        JsonNode state = json(get("/v1/packages/" + pkg));
        assertThat(state.path("latest").asString()).isEqualTo("1.0.0");
        assertThat(state.path("keys")).hasSize(2);
    }

    @Test
    void concurrentRecordsOnOneHeadAcceptExactlyOne() throws Exception {
        PrivateKey owner = PrivateKey.generateEd25519();
        String namespace = uniqueNamespace();
        claim(namespace, owner);
        PackageName pkg = new PackageName(namespace, "race");
        Digest head = accept(pkg, record(pkg, null, owner, new Entry.Init(owner.publicKey())));
        List<SignedRecord> contenders = new java.util.ArrayList<>();
        for (int i = 0; i < 8; i++) {
            byte[] bytes = component("race " + i);
            Digest content = upload(bytes);
            contenders.add(
                    record(pkg, head, owner, new Entry.Release(Version.parse("1.0." + i), content, bytes.length)));
        }
        List<Integer> statuses;
        try (var pool = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            List<java.util.concurrent.Future<Integer>> futures = contenders.stream()
                    .map(record ->
                            pool.submit(() -> submit(pkg, record, ADMIN_TOKEN).statusCode()))
                    .toList();
            statuses = new java.util.ArrayList<>();
            for (var future : futures) {
                statuses.add(future.get());
            }
        }
        assertThat(statuses).filteredOn(status -> status == 201).hasSize(1);
        assertThat(statuses).filteredOn(status -> status == 409).hasSize(7);
        assertThat(json(get("/v1/packages/" + pkg)).path("recordCount").asLong())
                .isEqualTo(2);
    }

    @Autowired
    PublishService publishService;

    @Test
    void recordsArrivingDuringACommitShareTheNextCheckpointAndARefusalStaysAlone() throws Exception {
        PrivateKey owner = PrivateKey.generateEd25519();
        String namespace = uniqueNamespace();
        claim(namespace, owner);
        PackageName lone = new PackageName(namespace, "lone");
        SignedRecord first = releaseAfterInit(lone, owner, "1.0.0", "lone");
        List<PackageName> batched = new java.util.ArrayList<>();
        List<SignedRecord> batchedRecords = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++) {
            PackageName pkg = new PackageName(namespace, "batched-" + (char) ('a' + i));
            batched.add(pkg);
            batchedRecords.add(releaseAfterInit(pkg, owner, "1.0.0", "batched " + i));
        }
        // Two records on one head: the second one applied in the batch is refused on its own.
        PackageName race = new PackageName(namespace, "race");
        Digest raceHead = accept(race, record(race, null, owner, new Entry.Init(owner.publicKey())));
        List<SignedRecord> contenders = new java.util.ArrayList<>();
        for (int i = 0; i < 2; i++) {
            byte[] bytes = component("contender " + i);
            contenders.add(record(
                    race, raceHead, owner, new Entry.Release(Version.parse("1.0." + i), upload(bytes), bytes.length)));
        }

        HttpResponse<byte[]> firstAnswer;
        List<HttpResponse<byte[]>> batchAnswers = new java.util.ArrayList<>();
        List<HttpResponse<byte[]>> raceAnswers = new java.util.ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
                Connection holder = jdbc.getDataSource().getConnection();
                Statement lock = holder.createStatement()) {
            // Hold the log's writer lock: the first commit waits for it with its one record.
            lock.execute("SELECT pg_advisory_lock(" + Sequencer.WRITER_LOCK + ")");
            Future<HttpResponse<byte[]>> firstFuture = pool.submit(() -> submit(lone, first, ADMIN_TOKEN));
            awaitTrue(() -> jdbc.queryForObject(
                            "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted", Long.class)
                    > 0);
            List<Future<HttpResponse<byte[]>>> batchFutures = new java.util.ArrayList<>();
            for (int i = 0; i < batched.size(); i++) {
                PackageName pkg = batched.get(i);
                SignedRecord record = batchedRecords.get(i);
                batchFutures.add(pool.submit(() -> submit(pkg, record, ADMIN_TOKEN)));
            }
            List<Future<HttpResponse<byte[]>>> raceFutures = contenders.stream()
                    .map(record -> pool.submit(() -> submit(race, record, ADMIN_TOKEN)))
                    .toList();
            // Everything else arrives while that commit runs, and waits for the next one.
            awaitTrue(() -> publishService.waitingToCommit() == batched.size() + contenders.size());
            lock.execute("SELECT pg_advisory_unlock(" + Sequencer.WRITER_LOCK + ")");
            firstAnswer = firstFuture.get();
            for (var future : batchFutures) {
                batchAnswers.add(future.get());
            }
            for (var future : raceFutures) {
                raceAnswers.add(future.get());
            }
        }

        assertThat(firstAnswer.statusCode()).isEqualTo(201);
        assertThat(batchAnswers).extracting(HttpResponse::statusCode).containsOnly(201);
        assertThat(raceAnswers).extracting(HttpResponse::statusCode).containsExactlyInAnyOrder(201, 409);
        // One checkpoint for the whole second commit, not the first one's.
        String firstCheckpoint = json(firstAnswer).path("checkpoint").asString();
        List<String> batchCheckpoints = new java.util.ArrayList<>();
        batchAnswers.forEach(
                answer -> batchCheckpoints.add(json(answer).path("checkpoint").asString()));
        raceAnswers.stream()
                .filter(answer -> answer.statusCode() == 201)
                .forEach(answer ->
                        batchCheckpoints.add(json(answer).path("checkpoint").asString()));
        assertThat(batchCheckpoints).hasSize(6).containsOnly(batchCheckpoints.getFirst());
        assertThat(batchCheckpoints.getFirst()).isNotEqualTo(firstCheckpoint);
        // The refused record left nothing; the others are there.
        assertThat(json(get("/v1/packages/" + race)).path("recordCount").asLong())
                .isEqualTo(2);
        for (PackageName pkg : batched) {
            assertThat(json(get("/v1/packages/" + pkg)).path("latest").asString())
                    .isEqualTo("1.0.0");
        }
    }

    private SignedRecord releaseAfterInit(PackageName pkg, PrivateKey owner, String version, String marker) {
        Digest head = accept(pkg, record(pkg, null, owner, new Entry.Init(owner.publicKey())));
        byte[] bytes = component(marker);
        return record(pkg, head, owner, new Entry.Release(Version.parse(version), upload(bytes), bytes.length));
    }

    private static void awaitTrue(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the condition did not hold within 60 s");
            }
            Thread.sleep(20);
        }
    }

    @Test
    void blobUploadIsIdempotent() {
        byte[] bytes = component("idempotent upload");
        Digest digest = Digest.sha256(bytes);
        HttpResponse<byte[]> first = putBlob(bytes, digest, ADMIN_TOKEN);
        assertThat(first.statusCode()).isEqualTo(201);
        assertThat(json(first).path("digest").asString()).isEqualTo(digest.toString());
        assertThat(json(first).path("size").asLong()).isEqualTo(bytes.length);
        HttpResponse<byte[]> second = putBlob(bytes, digest, ADMIN_TOKEN);
        assertThat(second.statusCode()).isEqualTo(200);
    }
}
