package dev.wreg.server.uploads;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wreg.protocol.crypto.PrivateKey;
import dev.wreg.protocol.digest.Digest;
import dev.wreg.protocol.name.PackageName;
import dev.wreg.protocol.record.Entry;
import dev.wreg.protocol.record.SignedRecord;
import dev.wreg.protocol.version.Version;
import dev.wreg.server.blobs.BlobStore;
import dev.wreg.server.log.Sequencer;
import dev.wreg.server.support.RegistryIntegrationTest;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The orphan sweeper against the filesystem store and embedded PostgreSQL, through the running
 * registry. "Older than the grace period" is made by dating a blob's file and its upload note back
 * two days, so only this test's blobs are candidates.
 */
class OrphanSweeperIntegrationTest extends RegistryIntegrationTest {

    @Autowired
    private OrphanSweeper sweeper;

    @Autowired
    private BlobStore blobs;

    @Autowired
    private MeterRegistry meters;

    @Autowired
    private DataSource dataSource;

    private static final Duration LONG_AGO = Duration.ofDays(2);

    /** Dates the blob's file and every upload note of it back by {@link #LONG_AGO}. */
    private void ageBlob(Digest digest) {
        Instant then = Instant.now().minus(LONG_AGO);
        Path file = dataDir()
                .resolve("blobs")
                .resolve("sha256")
                .resolve(digest.hex().substring(0, 2))
                .resolve(digest.hex());
        try {
            Files.setLastModifiedTime(file, FileTime.from(then));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        jdbc.update(
                "UPDATE blob_uploads SET uploaded_at = ? WHERE digest = ?", Timestamp.from(then), digest.toString());
    }

    private boolean stored(Digest digest) {
        return blobs.stat(digest).isPresent();
    }

    private double counted(String name) {
        return meters.get(name).counter().count();
    }

    private record Pkg(PackageName name, PrivateKey owner, Digest head) {
        SignedRecord release(String version, byte[] bytes) {
            return record(
                    name, head, owner, new Entry.Release(Version.parse(version), Digest.sha256(bytes), bytes.length));
        }
    }

    private Pkg init(String namespace, String name) {
        PrivateKey owner = PrivateKey.generateEd25519();
        claim(namespace, owner);
        PackageName pkg = PackageName.parse(namespace + ":" + name);
        return new Pkg(pkg, owner, accept(pkg, record(pkg, null, owner, new Entry.Init(owner.publicKey()))));
    }

    @Test
    void anOrphanPastTheGracePeriodIsReclaimedAndEverythingReferencedOrRecentIsKept() {
        Digest orphan = upload(component("orphan"));
        long orphanSize = blobs.stat(orphan).orElseThrow().size();
        ageBlob(orphan);
        Digest recent = upload(component("recent orphan"));
        Digest uploadedAgain = upload(component("uploaded again"));
        ageBlob(uploadedAgain);
        upload(component("uploaded again")); // a fresh note: its grace period starts over
        Pkg pkg = init(uniqueNamespace(), "kept");
        byte[] publishedBytes = component("published");
        Digest published = upload(publishedBytes);
        accept(pkg.name(), pkg.release("1.0.0", publishedBytes));
        ageBlob(published);
        double blobsBefore = counted("wreg.blobs.reclaimed");
        double bytesBefore = counted("wreg.blobs.reclaimed.bytes");

        OrphanSweeper.Sweep sweep = sweeper.sweep();

        assertThat(sweep.ran()).isTrue();
        assertThat(sweep.reclaimed()).contains(orphan).doesNotContain(recent, uploadedAgain, published);
        assertThat(stored(orphan)).isFalse();
        assertThat(get("/v1/blobs/" + orphan).statusCode()).isEqualTo(404);
        assertThat(stored(recent)).isTrue();
        assertThat(stored(uploadedAgain)).isTrue();
        assertThat(stored(published)).isTrue();
        assertThat(get("/v1/blobs/" + published).statusCode()).isEqualTo(200);
        assertThat(jdbc.queryForObject(
                        "SELECT count(*) FROM blob_uploads WHERE digest = ?", Long.class, orphan.toString()))
                .isZero();

        assertThat(counted("wreg.blobs.reclaimed") - blobsBefore)
                .isEqualTo(sweep.reclaimed().size());
        assertThat(counted("wreg.blobs.reclaimed.bytes") - bytesBefore)
                .isEqualTo(sweep.bytes())
                .isGreaterThanOrEqualTo(orphanSize);
        String scrape = text(get("/actuator/prometheus"));
        assertThat(scrape).contains("wreg_blobs_reclaimed_total").contains("wreg_blobs_reclaimed_bytes_total");

        // A second sweep finds nothing more of these.
        assertThat(sweeper.sweep().reclaimed()).doesNotContain(orphan, recent, uploadedAgain, published);
    }

    @Test
    void theBlobOfAPublishTheNamespaceRefusedIsReclaimedBySweeping() {
        // Namespace `small` takes releases of at most 1 KB; the upload named no namespace, so the
        // blob limit (64 KB) let it in and only the publish refused it.
        Pkg pkg = init("small", "big");
        byte[] big = component("r".repeat(4000));
        Digest digest = upload(big);
        HttpResponse<byte[]> refused = submit(pkg.name(), pkg.release("1.0.0", big), ADMIN_TOKEN);
        assertProblem(refused, 413, "policy-violation");
        assertThat(stored(digest))
                .as("kept for the grace period, in case a fixed record names it")
                .isTrue();
        assertThat(sweeper.sweep().reclaimed()).doesNotContain(digest);

        ageBlob(digest);
        assertThat(sweeper.sweep().reclaimed()).contains(digest);
        assertThat(stored(digest)).isFalse();
        assertThat(jdbc.queryForObject(
                        "SELECT count(*) FROM releases WHERE content_digest = ?", Long.class, digest.toString()))
                .isZero();
    }

    @Test
    void aPublishCommittingWhileTheSweeperConsidersItsBlobKeepsTheBlob() throws Exception {
        Pkg pkg = init(uniqueNamespace(), "race");
        byte[] bytes = component("committed first");
        Digest digest = upload(bytes);
        ageBlob(digest); // a candidate: old, and no release names it yet
        CompletableFuture<HttpResponse<byte[]>> publish;
        CompletableFuture<Boolean> reclaim;
        try (Connection writer = dataSource.getConnection();
                Statement statement = writer.createStatement()) {
            // Hold the log's writer lock: the publish's commit stops at it, after its release row is
            // written and while it holds the blob's shared lock.
            statement.execute("SELECT pg_advisory_lock(" + Sequencer.WRITER_LOCK + ")");
            publish = CompletableFuture.supplyAsync(() -> submit(pkg.name(), pkg.release("1.0.0", bytes), ADMIN_TOKEN));
            await("the publish holds the blob's shared lock", () -> blobLocks(digest, "ShareLock", true) > 0);
            reclaim = CompletableFuture.supplyAsync(
                    () -> sweeper.reclaim(digest, Instant.now().minus(sweeper.grace())));
            await("the sweeper waits for the blob's lock", () -> blobLocks(digest, "ExclusiveLock", false) > 0);
            statement.execute("SELECT pg_advisory_unlock(" + Sequencer.WRITER_LOCK + ")");
        }
        HttpResponse<byte[]> answer = publish.get(120, TimeUnit.SECONDS);
        assertThat(answer.statusCode()).as(text(answer)).isEqualTo(201);
        assertThat(reclaim.get(120, TimeUnit.SECONDS)).as("reclaimed").isFalse();
        assertThat(stored(digest)).isTrue();
        assertThat(get("/v1/blobs/" + digest).statusCode()).isEqualTo(200);
    }

    @Test
    void aPublishReachingItsCommitAfterTheSweeperDeletedItsBlobIsRefused() throws Exception {
        Pkg pkg = init(uniqueNamespace(), "late");
        byte[] bytes = component("reclaimed first");
        Digest digest = upload(bytes);
        SignedRecord release = pkg.release("1.0.0", bytes);
        CompletableFuture<HttpResponse<byte[]>> publish;
        try (Connection sweeping = dataSource.getConnection()) {
            sweeping.setAutoCommit(false);
            try (Statement statement = sweeping.createStatement()) {
                // What the sweeper holds while it checks and deletes (it found nothing naming the blob).
                statement.execute("SELECT pg_advisory_xact_lock(" + ReclaimLocks.BLOB_LOCKS + ", "
                        + ReclaimLocks.key(digest) + ")");
                publish = CompletableFuture.supplyAsync(() -> submit(pkg.name(), release, ADMIN_TOKEN));
                // The publish checked the blob before its commit (it was there) and now waits.
                await(
                        "the publish's commit waits for the blob's lock",
                        () -> blobLocks(digest, "ShareLock", false) > 0);
                assertThat(blobs.delete(digest)).isTrue();
            }
            sweeping.commit();
        }
        HttpResponse<byte[]> answer = publish.get(120, TimeUnit.SECONDS);
        assertThat(assertProblem(answer, 400, "blob-reclaimed").path("detail").asString())
                .contains(digest.toString())
                .contains("upload it again");
        assertThat(jdbc.queryForObject(
                        "SELECT count(*) FROM releases WHERE content_digest = ?", Long.class, digest.toString()))
                .isZero();

        // Uploaded again, the same record goes through.
        upload(bytes);
        assertThat(submit(pkg.name(), release, ADMIN_TOKEN).statusCode()).isEqualTo(201);
    }

    /** The blob's reclaim locks in {@code mode}, granted or waiting. */
    private long blobLocks(Digest digest, String mode, boolean granted) {
        return jdbc.queryForObject(
                "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND objsubid = 2"
                        + " AND classid::text::bigint = ? AND objid::text::bigint = ? AND mode = ? AND granted = ?",
                Long.class,
                (long) ReclaimLocks.BLOB_LOCKS,
                Integer.toUnsignedLong(ReclaimLocks.key(digest)),
                mode,
                granted);
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(20);
        }
    }
}
