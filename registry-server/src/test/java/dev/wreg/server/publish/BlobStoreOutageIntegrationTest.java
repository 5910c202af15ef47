package dev.wreg.server.publish;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wreg.protocol.crypto.PrivateKey;
import dev.wreg.protocol.digest.Digest;
import dev.wreg.protocol.name.PackageName;
import dev.wreg.protocol.record.Entry;
import dev.wreg.protocol.record.SignedRecord;
import dev.wreg.protocol.version.Version;
import dev.wreg.server.support.RegistryIntegrationTest;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 20, defect 5: the blob store fails (read-only, full, gone) while a record is being
 * published. The answer is a fast 503 with Retry-After, and nothing is committed: not the record,
 * not its log entry, not a package state that claims a log index the log does not have. Once the
 * store is back the same record is accepted, with no gap in the log, and readiness recovers
 * without a restart.
 */
class BlobStoreOutageIntegrationTest extends RegistryIntegrationTest {

    /** The filesystem store's named objects (tiles, bundles, the signed checkpoint). */
    private static Path objects() {
        return dataDir().resolve("blobs").resolve("objects");
    }

    /** The store refuses every tile write, as a read-only or full disk would. */
    private static Path breakStore() throws IOException {
        Path away = objects().resolveSibling("objects.away");
        Files.move(objects(), away);
        Files.writeString(objects(), "not a directory");
        return away;
    }

    private static void repairStore(Path away) throws IOException {
        Files.delete(objects());
        Files.move(away, objects());
    }

    @Test
    void aFailingBlobStoreCommitsNothingAndTheSameRecordIsAcceptedOnceItIsBack() throws Exception {
        String namespace = uniqueNamespace();
        PrivateKey owner = PrivateKey.generateEd25519();
        claim(namespace, owner);
        PackageName pkg = new PackageName(namespace, "fragile");
        Digest head = accept(pkg, record(pkg, null, owner, new Entry.Init(owner.publicKey())));
        byte[] bytes = component("fragile " + namespace);
        Digest content = upload(bytes);
        SignedRecord release =
                record(pkg, head, owner, new Entry.Release(Version.parse("1.0.0"), content, bytes.length));
        long logSize = json(get("/v1/packages/" + pkg)).path("recordCount").asLong();
        Long entriesBefore = jdbc.queryForObject("SELECT count(*) FROM log_entries", Long.class);

        Path away = breakStore();
        try {
            Map<String, Long> before = storedState();
            HttpResponse<byte[]> refused = submit(pkg, release, ADMIN_TOKEN);
            assertProblem(refused, 503, "storage-unavailable");
            assertThat(refused.headers().firstValue("Retry-After")).isPresent();
            assertThat(storedState()).as("nothing committed").isEqualTo(before);
            assertThat(jdbc.queryForObject("SELECT count(*) FROM log_entries", Long.class))
                    .isEqualTo(entriesBefore);
            assertThat(json(get("/v1/packages/" + pkg)).path("recordCount").asLong())
                    .isEqualTo(logSize);

            HttpResponse<byte[]> readiness = get("/actuator/health/readiness");
            assertThat(readiness.statusCode()).as(text(readiness)).isEqualTo(503);
            assertThat(json(readiness).path("status").asString()).isEqualTo("DOWN");
        } finally {
            repairStore(away);
        }

        HttpResponse<byte[]> readiness = get("/actuator/health/readiness");
        assertThat(readiness.statusCode()).as(text(readiness)).isEqualTo(200);
        HttpResponse<byte[]> accepted = submit(pkg, release, ADMIN_TOKEN);
        assertThat(accepted.statusCode()).as(text(accepted)).isEqualTo(201);
        assertThat(json(accepted).path("index").asLong()).isEqualTo(logSize);
        // The signed log and the package agree: the release's record is provably in the log.
        long logIndex = json(accepted).path("logIndex").asLong();
        assertThat(jdbc.queryForObject(
                        "SELECT log_index FROM log_entries WHERE record_id = ?",
                        Long.class,
                        release.id().toString()))
                .isEqualTo(logIndex);
    }
}
