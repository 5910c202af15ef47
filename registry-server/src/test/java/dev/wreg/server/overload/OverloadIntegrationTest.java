package dev.wreg.server.overload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wreg.protocol.api.ProblemCodes;
import dev.wreg.protocol.crypto.PrivateKey;
import dev.wreg.protocol.digest.Digest;
import dev.wreg.protocol.log.MerkleHasher;
import dev.wreg.protocol.log.TlogProof;
import dev.wreg.protocol.log.VerifierKey;
import dev.wreg.protocol.name.PackageName;
import dev.wreg.protocol.record.Entry;
import dev.wreg.protocol.record.SignedRecord;
import dev.wreg.protocol.version.Version;
import dev.wreg.server.log.Sequencer;
import dev.wreg.server.support.RegistryIntegrationTest;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * Load shedding on the running server (issue 15 §4): with small in-flight bounds and the log's
 * writer lock held by the test (so that admitted publishes wait for their commit), a publish past
 * the bound is answered 503 {@code overloaded} with {@code Retry-After} while the others still
 * wait, and stores nothing; the admitted ones complete once the lock is gone, and their inclusion
 * proofs verify. Past the request bound the API, the web pages and the OCI API shed too, while the
 * actuator and blob downloads keep answering.
 */
class OverloadIntegrationTest extends RegistryIntegrationTest {

    @Autowired
    private OverloadLimits limits;

    private OverloadProperties original;

    @BeforeEach
    void remember() {
        original = limits.properties();
    }

    @AfterEach
    void restore() {
        limits.configure(original);
    }

    @Test
    void aPublishPastTheBoundIsShedAtOnceAndStoresNothingWhileTheAdmittedOnesCommit() throws Exception {
        PrivateKey owner = PrivateKey.generateEd25519();
        String namespace = uniqueNamespace();
        claim(namespace, owner);
        List<PackageName> admitted = List.of(new PackageName(namespace, "first"), new PackageName(namespace, "second"));
        List<SignedRecord> admittedRecords = new ArrayList<>();
        for (PackageName pkg : admitted) {
            admittedRecords.add(releaseAfterInit(pkg, owner, pkg.name()));
        }
        PackageName shedPkg = new PackageName(namespace, "shed");
        SignedRecord shed = releaseAfterInit(shedPkg, owner, "shed");
        long refusedBefore = limits.publishes().refused();
        limits.configure(
                new OverloadProperties(original.maxRequestsInFlight(), admitted.size(), original.maxHandlers()));

        List<HttpResponse<byte[]>> answers = new ArrayList<>();
        HttpResponse<byte[]> shedAnswer = null;
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
                Connection holder = jdbc.getDataSource().getConnection();
                Statement lock = holder.createStatement()) {
            // Hold the log's writer lock: admitted publishes wait for their commit, in flight.
            lock.execute("SELECT pg_advisory_lock(" + Sequencer.WRITER_LOCK + ")");
            List<Future<HttpResponse<byte[]>>> futures = new ArrayList<>();
            try {
                for (int i = 0; i < admitted.size(); i++) {
                    PackageName pkg = admitted.get(i);
                    SignedRecord record = admittedRecords.get(i);
                    futures.add(pool.submit(() -> submit(pkg, record, ADMIN_TOKEN)));
                }
                awaitTrue(() -> limits.publishes().inFlight() == admitted.size());

                // Answered while the lock is still held: the shed publish waited for no commit.
                shedAnswer = assertNothingStored(() -> submit(shedPkg, shed, ADMIN_TOKEN));
                assertThat(futures).noneMatch(Future::isDone);
            } finally {
                // Also when an assertion failed: the pooled connection would keep holding it.
                lock.execute("SELECT pg_advisory_unlock_all()");
            }
            for (var future : futures) {
                answers.add(future.get());
            }
        }

        JsonNode problem = assertProblem(shedAnswer, 503, ProblemCodes.OVERLOADED);
        assertThat(problem.path("detail").asString()).contains("as many record submissions as it takes at once (2)");
        assertThat(shedAnswer.headers().firstValue("Retry-After")).hasValue("2");
        assertThat(limits.publishes().refused()).isEqualTo(refusedBefore + 1);
        // The shed record is not there: the package holds its init record alone.
        JsonNode shedState = json(get("/v1/packages/" + shedPkg));
        assertThat(shedState.path("recordCount").asLong()).isEqualTo(1);
        assertThat(shedState.path("latest").isMissingNode()
                        || shedState.path("latest").isNull())
                .as("latest of %s", shedState)
                .isTrue();

        VerifierKey vkey = VerifierKey.parse(text(get("/log/vkey")).strip());
        for (int i = 0; i < admitted.size(); i++) {
            HttpResponse<byte[]> answer = answers.get(i);
            assertThat(answer.statusCode()).as(text(answer)).isEqualTo(201);
            JsonNode body = json(answer);
            TlogProof proof =
                    TlogProof.parse(body.path("inclusionProof").asString().getBytes(StandardCharsets.UTF_8));
            assertThat(proof.index()).isEqualTo(body.path("logIndex").asLong());
            proof.verify(MerkleHasher.leafHash(admittedRecords.get(i).envelope().toJson()), vkey);
            assertThat(json(get("/v1/packages/" + admitted.get(i)))
                            .path("latest")
                            .asString())
                    .isEqualTo("1.0.0");
        }
        // Nothing is held once they are answered, and the shed record goes in when sent again.
        awaitTrue(() -> limits.publishes().inFlight() == 0);
        assertThat(submit(shedPkg, shed, ADMIN_TOKEN).statusCode()).isEqualTo(201);
    }

    @Test
    void pastTheRequestBoundTheApiPagesAndOciShedWhileTheActuatorAndBlobsAnswer() throws Exception {
        PrivateKey owner = PrivateKey.generateEd25519();
        String namespace = uniqueNamespace();
        claim(namespace, owner);
        PackageName held = new PackageName(namespace, "held");
        SignedRecord heldRecord = releaseAfterInit(held, owner, "held");
        byte[] bytes = component("readable");
        Digest blob = upload(bytes);
        long refusedBefore = limits.requests().refused();
        // The one request let in is the publish held below.
        limits.configure(new OverloadProperties(1, original.maxPublishesInFlight(), original.maxHandlers()));

        HttpResponse<byte[]> heldAnswer;
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
                Connection holder = jdbc.getDataSource().getConnection();
                Statement lock = holder.createStatement()) {
            lock.execute("SELECT pg_advisory_lock(" + Sequencer.WRITER_LOCK + ")");
            Future<HttpResponse<byte[]>> future = pool.submit(() -> submit(held, heldRecord, ADMIN_TOKEN));
            try {
                assertShedWhileHeld(namespace, held, blob, bytes, future);
            } finally {
                lock.execute("SELECT pg_advisory_unlock_all()");
            }
            heldAnswer = future.get();
        }

        assertThat(heldAnswer.statusCode()).as(text(heldAnswer)).isEqualTo(201);
        assertThat(limits.requests().refused()).isEqualTo(refusedBefore + 3);
        awaitTrue(() -> limits.requests().inFlight() == 0);
        assertThat(get("/v1/packages/" + held).statusCode()).isEqualTo(200);
    }

    /** With the one request let in held by a waiting publish. */
    private void assertShedWhileHeld(
            String namespace, PackageName held, Digest blob, byte[] bytes, Future<HttpResponse<byte[]>> future)
            throws InterruptedException {
        awaitTrue(() -> limits.requests().inFlight() == 1);

        HttpResponse<byte[]> api = get("/v1/packages/" + held);
        assertThat(assertProblem(api, 503, ProblemCodes.OVERLOADED)
                        .path("detail")
                        .asString())
                .contains("as many requests as it takes at once (1)");
        assertThat(api.headers().firstValue("Retry-After")).hasValue("2");

        HttpResponse<byte[]> page = send(
                HttpRequest.newBuilder(uri("/packages/" + namespace + "/held")).header("Accept", "text/html"));
        assertThat(page.statusCode()).isEqualTo(503);
        assertThat(page.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));
        assertThat(page.headers().firstValue("Retry-After")).hasValue("2");
        assertThat(text(page)).contains("Try again in a moment");

        HttpResponse<byte[]> oci = get("/v2/" + namespace + "/held/tags/list");
        assertThat(oci.statusCode()).as(text(oci)).isEqualTo(503);
        assertThat(oci.headers().firstValue("Retry-After")).hasValue("2");
        assertThat(text(oci)).contains(ProblemCodes.OVERLOADED);

        assertThat(get("/actuator/health/liveness").statusCode()).isEqualTo(200);
        HttpResponse<byte[]> download = get("/v1/blobs/" + blob);
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(download.body()).isEqualTo(bytes);

        assertThat(future.isDone()).isFalse();
    }

    private SignedRecord releaseAfterInit(PackageName pkg, PrivateKey owner, String marker) {
        Digest head = accept(pkg, record(pkg, null, owner, new Entry.Init(owner.publicKey())));
        byte[] bytes = component(marker);
        return record(pkg, head, owner, new Entry.Release(Version.parse("1.0.0"), upload(bytes), bytes.length));
    }

    private static void awaitTrue(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited 60 s for the condition").isLessThan(deadline);
            Thread.sleep(20);
        }
    }
}
