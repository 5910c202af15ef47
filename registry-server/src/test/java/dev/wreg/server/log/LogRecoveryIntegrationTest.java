package dev.wreg.server.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wreg.protocol.crypto.PrivateKey;
import dev.wreg.protocol.digest.Digest;
import dev.wreg.protocol.log.Checkpoint;
import dev.wreg.protocol.log.MerkleProofs;
import dev.wreg.protocol.log.TileHashReader;
import dev.wreg.protocol.log.VerifierKey;
import dev.wreg.protocol.name.PackageName;
import dev.wreg.protocol.record.Entry;
import dev.wreg.protocol.record.SignedRecord;
import dev.wreg.protocol.version.Version;
import dev.wreg.server.support.RegistryIntegrationTest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Issue 20, defect 1: the database loses its newest commits (a crash with commits not yet on disk,
 * a restore from an older backup) while the blob store keeps the tiles and bundles the log signed.
 * The log must never sign a checkpoint inconsistent with one it signed before: it restores the lost
 * records from the entry bundles, each at its signed index, or refuses with the exact place.
 */
class LogRecoveryIntegrationTest extends RegistryIntegrationTest {

    @Autowired
    LogRecovery recovery;

    @Autowired
    LogEntries entries;

    @Autowired
    LogTiles tiles;

    @Autowired
    TransactionTemplate transaction;

    private VerifierKey vkey() {
        return VerifierKey.parse(text(get("/log/vkey")).strip());
    }

    private Checkpoint servedCheckpoint() {
        return Checkpoint.open(get("/log/checkpoint").body(), vkey()).checkpoint();
    }

    /** What a database that lost everything from log index {@code from} on still holds. */
    private void loseEverythingFrom(long from, String namespace, List<PackageName> packages) {
        transaction.executeWithoutResult(status -> {
            jdbc.update("DELETE FROM log_cosignatures WHERE tree_size > ?", from);
            jdbc.update("DELETE FROM log_checkpoints WHERE tree_size > ?", from);
            jdbc.update("DELETE FROM log_entries WHERE log_index >= ? OR log_index IS NULL", from);
            for (PackageName pkg : packages) {
                Long id = jdbc.queryForObject("SELECT id FROM packages WHERE name = ?", Long.class, pkg.toString());
                jdbc.update("DELETE FROM package_keys WHERE package_id = ?", id);
                jdbc.update("DELETE FROM release_interfaces WHERE package_id = ?", id);
                jdbc.update("DELETE FROM release_search WHERE package_id = ?", id);
                jdbc.update("DELETE FROM releases WHERE package_id = ?", id);
                jdbc.update("DELETE FROM package_records WHERE package_id = ?", id);
                jdbc.update("DELETE FROM packages WHERE id = ?", id);
            }
            String claim =
                    jdbc.queryForObject("SELECT record_id FROM namespaces WHERE name = ?", String.class, namespace);
            jdbc.update("DELETE FROM namespaces WHERE name = ?", namespace);
            jdbc.update("DELETE FROM operator_records WHERE record_id = ?", claim);
        });
    }

    private List<byte[]> entriesFrom(long from, long to) {
        return jdbc.query(
                "SELECT entry FROM log_entries WHERE log_index >= ? AND log_index < ? ORDER BY log_index",
                (rs, n) -> rs.getBytes(1),
                from,
                to);
    }

    @Test
    void aDatabaseThatLostSignedRecordsGetsThemBackAndNoIndexIsReused() throws Exception {
        recovery.reconcileNow();
        long before = servedCheckpoint().size();

        String namespace = uniqueNamespace();
        PrivateKey owner = PrivateKey.generateEd25519();
        claim(namespace, owner);
        PackageName app = new PackageName(namespace, "app");
        PackageName lib = new PackageName(namespace, "lib");
        Digest appHead = accept(app, record(app, null, owner, new Entry.Init(owner.publicKey())));
        byte[] bytes = component("recovered " + namespace);
        Digest content = upload(bytes);
        appHead = accept(
                app, record(app, appHead, owner, new Entry.Release(Version.parse("1.0.0"), content, bytes.length)));
        accept(lib, record(lib, null, owner, new Entry.Init(owner.publicKey())));
        Checkpoint signed = servedCheckpoint();
        assertThat(signed.size()).isEqualTo(before + 4);
        List<byte[]> signedEntries = entriesFrom(before, signed.size());
        JsonNode appState = json(get("/v1/packages/" + app));

        loseEverythingFrom(before, namespace, List.of(app, lib));
        assertThat(entries.latestCheckpoint().orElseThrow().size()).isEqualTo(before);

        // Before anything is reconciled, nothing may be signed on top of the shorter database:
        // another client's record must not take index `before`.
        String otherNamespace = uniqueNamespace();
        HttpResponse<byte[]> refused = postJson("/v1/namespaces", ADMIN_TOKEN, claimRequest(otherNamespace, owner));
        assertProblem(refused, 503, LogUnavailableException.CODE);
        assertThat(refused.headers().firstValue("Retry-After")).isPresent();

        recovery.reconcileNow();

        assertThat(entries.latestCheckpoint().orElseThrow().size()).isEqualTo(signed.size());
        assertThat(entriesFrom(before, signed.size()))
                .as("the restored entries are the signed ones, at their signed indices")
                .usingElementComparator(java.util.Arrays::compare)
                .containsExactlyElementsOf(signedEntries);
        JsonNode restored = json(get("/v1/packages/" + app));
        assertThat(restored.path("head").asString()).isEqualTo(appHead.toString());
        assertThat(restored.path("versions")).isEqualTo(appState.path("versions"));
        assertThat(json(get("/v1/namespaces/" + namespace))
                        .path("owners")
                        .get(0)
                        .asString())
                .isEqualTo(owner.publicKey().text());
        // The restored release is back in the interface index too, not only in its package.
        JsonNode found = json(get("/v1/search?q=" + app.name() + "&namespace=" + namespace));
        assertThat(found.path("hits").findValuesAsString("package"))
                .as(found.toString())
                .contains(app.toString());

        // Publishing goes on after the signed size, consistently with what was signed.
        SignedRecord next = record(app, appHead, owner, new Entry.Deprecate(Version.parse("1.0.0"), "use 2.x"));
        HttpResponse<byte[]> published = submit(app, next, ADMIN_TOKEN);
        assertThat(published.statusCode()).as(text(published)).isEqualTo(201);
        assertThat(json(published).path("logIndex").asLong()).isGreaterThanOrEqualTo(signed.size());
        Checkpoint after = servedCheckpoint();
        List<byte[]> proof =
                MerkleProofs.consistencyProof(signed.size(), after.size(), new TileHashReader(after.size(), tiles));
        MerkleProofs.verifyConsistency(signed.size(), after.size(), proof, signed.rootHash(), after.rootHash());
    }

    @Test
    void aDatabaseHoldingOtherEntriesAtSignedIndicesIsRefusedWithThePlace() throws Exception {
        recovery.reconcileNow();
        long before = servedCheckpoint().size();
        String namespace = uniqueNamespace();
        PrivateKey owner = PrivateKey.generateEd25519();
        claim(namespace, owner);
        PackageName pkg = new PackageName(namespace, "forked");
        accept(pkg, record(pkg, null, owner, new Entry.Init(owner.publicKey())));
        long signedSize = servedCheckpoint().size();
        byte[] original = entriesFrom(before, before + 1).getFirst();

        loseEverythingFrom(before, namespace, List.of(pkg));
        // The database then takes another entry at the first lost index: the history forked.
        jdbc.update(
                "INSERT INTO log_entries (record_id, entry, log_index, created_at) VALUES (?, ?, ?, now())",
                "test:fork-" + namespace,
                "another entry".getBytes(),
                before);

        assertThatThrownBy(recovery::reconcileNow)
                .isInstanceOf(LogDivergedException.class)
                .hasMessageContaining("at log index " + before)
                .hasMessageContaining("the log signed another entry there");
        assertThat(entries.latestCheckpoint().orElseThrow().size())
                .as("nothing was signed or restored")
                .isEqualTo(before);

        // The operator puts the right database back; then the log heals.
        jdbc.update("DELETE FROM log_entries WHERE record_id = ?", "test:fork-" + namespace);
        recovery.reconcileNow();
        assertThat(entries.latestCheckpoint().orElseThrow().size()).isEqualTo(signedSize);
        assertThat(entriesFrom(before, before + 1).getFirst()).isEqualTo(original);
        awaitServedSize(signedSize);
    }

    private void awaitServedSize(long size) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (servedCheckpoint().size() < size && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(servedCheckpoint().size()).isGreaterThanOrEqualTo(size);
    }
}
