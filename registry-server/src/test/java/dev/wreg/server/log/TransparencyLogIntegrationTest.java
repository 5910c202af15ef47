package dev.wreg.server.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wreg.protocol.crypto.PrivateKey;
import dev.wreg.protocol.log.Checkpoint;
import dev.wreg.protocol.log.LogException;
import dev.wreg.protocol.log.MerkleHasher;
import dev.wreg.protocol.log.MerkleProofs;
import dev.wreg.protocol.log.Note;
import dev.wreg.protocol.log.TileFile;
import dev.wreg.protocol.log.TileHashReader;
import dev.wreg.protocol.log.TileResource;
import dev.wreg.protocol.log.TileWriter;
import dev.wreg.protocol.log.Tiles;
import dev.wreg.protocol.log.TlogProof;
import dev.wreg.protocol.log.VerifierKey;
import dev.wreg.protocol.name.PackageName;
import dev.wreg.protocol.record.Entry;
import dev.wreg.protocol.record.SignedRecord;
import dev.wreg.server.support.RegistryIntegrationTest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

class TransparencyLogIntegrationTest extends RegistryIntegrationTest {

    @Autowired
    LogEntries entries;

    @Autowired
    LogTiles tiles;

    @Autowired
    LogSigner signer;

    @Autowired
    TransactionTemplate transaction;

    private VerifierKey vkey() {
        HttpResponse<byte[]> response = get("/log/vkey");
        assertThat(response.statusCode()).isEqualTo(200);
        return VerifierKey.parse(text(response).strip());
    }

    private Checkpoint latestCheckpoint() {
        HttpResponse<byte[]> response = get("/log/checkpoint");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Cache-Control").orElse("")).doesNotContain("immutable");
        return Checkpoint.open(response.body(), vkey()).checkpoint();
    }

    /** Claims a namespace and publishes an init record; returns the publish answer. */
    private JsonNode publishInit(String namespace, PrivateKey owner, String name) {
        PackageName pkg = new PackageName(namespace, name);
        SignedRecord init = record(pkg, null, owner, new Entry.Init(owner.publicKey()));
        HttpResponse<byte[]> response = submit(pkg, init, ADMIN_TOKEN);
        assertThat(response.statusCode()).as(text(response)).isEqualTo(201);
        JsonNode answer = json(response);
        // The publish answer proves its own inclusion, checkable with nothing but the vkey.
        TlogProof proof =
                TlogProof.parse(answer.path("inclusionProof").asString().getBytes(StandardCharsets.UTF_8));
        assertThat(proof.index()).isEqualTo(answer.path("logIndex").asLong());
        byte[] leaf = MerkleHasher.leafHash(init.envelope().toJson());
        proof.verify(leaf, vkey());
        assertThat(answer.path("checkpoint").asString().getBytes(StandardCharsets.UTF_8))
                .isEqualTo(proof.checkpoint());
        // The records API tells where each record sits in the log.
        JsonNode listed = json(get("/v1/packages/" + pkg + "/records")).path("records");
        assertThat(listed.get(0).path("logIndex").asLong(-1)).isEqualTo(proof.index());
        assertThat(json(get("/v1/operator/records"))
                        .path("records")
                        .get(0)
                        .path("logIndex")
                        .isNumber())
                .isTrue();
        return answer;
    }

    @Test
    void publishAnswersWithAVerifiableIndexCheckpointAndProof() {
        String ns = uniqueNamespace();
        PrivateKey owner = PrivateKey.generateEd25519();
        claim(ns, owner);
        JsonNode first = publishInit(ns, owner, "one");
        JsonNode second = publishInit(ns, owner, "two");
        assertThat(second.path("logIndex").asLong())
                .isGreaterThan(first.path("logIndex").asLong());
        assertThat(vkey().keyName()).isEqualTo(signer.origin());
        assertThat(signer.origin()).isEqualTo("localhost/log");

        // A tampered entry does not verify against the same proof.
        TlogProof proof =
                TlogProof.parse(second.path("inclusionProof").asString().getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> proof.verify(MerkleHasher.leafHash("forged".getBytes()), vkey()))
                .isInstanceOf(LogException.class);
    }

    @Test
    void servedTilesEqualWhatTheTileWriterComputesFromTheEntries() {
        String ns = uniqueNamespace();
        PrivateKey owner = PrivateKey.generateEd25519();
        claim(ns, owner);
        publishInit(ns, owner, "tiles");
        Checkpoint checkpoint = latestCheckpoint();
        List<byte[]> all = jdbc.query(
                "SELECT entry FROM log_entries WHERE log_index < ? ORDER BY log_index",
                (rs, n) -> rs.getBytes(1),
                checkpoint.size());
        assertThat((long) all.size()).isEqualTo(checkpoint.size());
        List<TileFile> expected = TileWriter.create().append(all).files();
        assertThat(expected).isNotEmpty();
        for (TileFile file : expected) {
            HttpResponse<byte[]> response = get("/log/" + file.path());
            assertThat(response.statusCode()).as(file.path()).isEqualTo(200);
            assertThat(response.body()).as(file.path()).isEqualTo(file.data());
            assertThat(response.headers().firstValue("Cache-Control")).hasValue("public, max-age=31536000, immutable");
        }
        // The root recomputed from the served tiles is the signed one.
        TileHashReader served = new TileHashReader(checkpoint.size(), this::fetch);
        assertThat(MerkleProofs.rootHash(checkpoint.size(), served)).isEqualTo(checkpoint.rootHash());
        assertThat(get("/log/tile/0/x999/999").statusCode()).isEqualTo(404);
        assertThat(get("/log/tile/nonsense").statusCode()).isEqualTo(404);
    }

    private byte[] fetch(TileResource resource) {
        HttpResponse<byte[]> response = get("/log/" + resource.path());
        assertThat(response.statusCode()).as(resource.path()).isEqualTo(200);
        return response.body();
    }

    @Test
    void tamperedTileOrBundleIsDetected() {
        String ns = uniqueNamespace();
        PrivateKey owner = PrivateKey.generateEd25519();
        claim(ns, owner);
        publishInit(ns, owner, "tamper");
        Checkpoint checkpoint = latestCheckpoint();
        long size = checkpoint.size();
        // §5 #6: one modified hash in a level-0 tile changes the computed root.
        TileResource lastTile = Tiles.tileAt(0, (size - 1) / 256, size);
        TileHashReader tampered = new TileHashReader(size, resource -> {
            byte[] data = fetch(resource);
            if (resource.equals(lastTile)) {
                data[data.length - 1] ^= 1;
            }
            return data;
        });
        assertThat(MerkleProofs.rootHash(size, tampered)).isNotEqualTo(checkpoint.rootHash());
        // §5 #7: an altered entry (same length) no longer hashes to its level-0 tile hash.
        var bundleId = new dev.wreg.protocol.log.EntryBundleId((size - 1) / 256, (int) (((size - 1) % 256) + 1));
        List<byte[]> bundle = Tiles.decodeBundle(bundleId, fetch(bundleId));
        List<byte[]> leaves = Tiles.decodeTile(bundleId.tile(), fetch(bundleId.tile()));
        byte[] entry = bundle.get(bundle.size() - 1);
        assertThat(MerkleHasher.leafHash(entry)).isEqualTo(leaves.get(leaves.size() - 1));
        entry[entry.length / 2] ^= 1;
        assertThat(MerkleHasher.leafHash(entry)).isNotEqualTo(leaves.get(leaves.size() - 1));
    }

    @Test
    void proofEndpointsGiveProofsThatVerify() {
        String ns = uniqueNamespace();
        PrivateKey owner = PrivateKey.generateEd25519();
        claim(ns, owner);
        Checkpoint before = Checkpoint.parse(Note.parse(publishInit(ns, owner, "p1")
                        .path("checkpoint")
                        .asString()
                        .getBytes(StandardCharsets.UTF_8))
                .text());
        publishInit(ns, owner, "p2");
        Checkpoint after = latestCheckpoint();
        HttpResponse<byte[]> consistency = get("/log/proof/consistency?old=" + before.size() + "&size=" + after.size());
        assertThat(consistency.statusCode()).as(text(consistency)).isEqualTo(200);
        List<byte[]> proof = text(consistency)
                .lines()
                .map(line -> Base64.getDecoder().decode(line))
                .toList();
        MerkleProofs.verifyConsistency(before.size(), after.size(), proof, before.rootHash(), after.rootHash());

        HttpResponse<byte[]> inclusion = get("/log/proof/inclusion?index=0&size=" + after.size());
        assertThat(inclusion.statusCode()).as(text(inclusion)).isEqualTo(200);
        byte[] first = jdbc.queryForObject("SELECT entry FROM log_entries WHERE log_index = 0", byte[].class);
        TlogProof.parse(inclusion.body()).verify(MerkleHasher.leafHash(first), vkey());
        assertThat(get("/log/proof/inclusion?index=0&size=" + (after.size() + 1000))
                        .statusCode())
                .isEqualTo(404);
        assertThat(get("/log/proof/inclusion?index=" + after.size() + "&size=" + after.size())
                        .statusCode())
                .isEqualTo(400);
    }

    @Test
    void concurrentPublishersProduceAConsistentLog() throws Exception {
        String ns = uniqueNamespace();
        PrivateKey owner = PrivateKey.generateEd25519();
        claim(ns, owner);
        long startSize = latestCheckpoint().size();
        List<Future<JsonNode>> answers = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(16)) {
            for (int i = 0; i < 16; i++) {
                String name = "c" + (char) ('a' + i);
                answers.add(pool.submit(() -> publishInit(ns, owner, name)));
            }
        }
        List<Long> indices = new ArrayList<>();
        for (Future<JsonNode> answer : answers) {
            indices.add(answer.get().path("logIndex").asLong());
        }
        assertThat(indices).doesNotHaveDuplicates().allMatch(i -> i >= startSize);
        // Every checkpoint the log ever signed extends the one before it.
        List<Long> sizes = jdbc.queryForList("SELECT tree_size FROM log_checkpoints ORDER BY tree_size", Long.class);
        Checkpoint previous = null;
        for (long size : sizes) {
            byte[] note = entries.checkpointAt(size).orElseThrow().note();
            Checkpoint current = Checkpoint.open(note, vkey()).checkpoint();
            if (previous != null && previous.size() > 0) {
                List<byte[]> proof = text(get("/log/proof/consistency?old=" + previous.size() + "&size=" + size))
                        .lines()
                        .map(line -> Base64.getDecoder().decode(line))
                        .toList();
                MerkleProofs.verifyConsistency(previous.size(), size, proof, previous.rootHash(), current.rootHash());
            }
            previous = current;
        }
    }

    @Test
    void aNewSequencerAfterACrashBetweenThePhasesReusesNoIndexAndRewritesNoTile() {
        Checkpoint before = latestCheckpoint();
        // An entry committed by a process that died before integrating it.
        transaction.executeWithoutResult(status -> entries.append("test:crash-" + System.nanoTime(), "{}".getBytes()));
        Sequencer crashed = new Sequencer(entries, tiles, signer, jdbc, transaction);
        crashed.sequenceOnly(); // phase 1 committed, phase 2 never ran
        Long index = jdbc.queryForObject(
                "SELECT log_index FROM log_entries WHERE entry = ? ORDER BY seq DESC LIMIT 1", Long.class, (Object)
                        "{}".getBytes());
        assertThat(index).isNotNull();
        // The next process finishes the work; tiles are put-if-absent and checked byte for byte.
        Sequencer restarted = new Sequencer(entries, tiles, signer, jdbc, transaction);
        LogEntries.StoredCheckpoint after = restarted.integrate();
        assertThat(after.size()).isGreaterThan(index);
        assertThat(jdbc.queryForObject(
                        "SELECT log_index FROM log_entries WHERE entry = ? ORDER BY seq DESC LIMIT 1",
                        Long.class,
                        (Object) "{}".getBytes()))
                .isEqualTo(index);
        if (before.size() > 0) {
            List<byte[]> proof =
                    MerkleProofs.consistencyProof(before.size(), after.size(), new TileHashReader(after.size(), tiles));
            MerkleProofs.verifyConsistency(before.size(), after.size(), proof, before.rootHash(), after.rootHash());
        }
        // Integrating again changes nothing.
        assertThat(restarted.integrate().size()).isEqualTo(after.size());
        crashed.stop();
        restarted.stop();
    }
}
