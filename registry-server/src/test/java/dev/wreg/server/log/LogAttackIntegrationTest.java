package dev.wreg.server.log;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wreg.protocol.crypto.PrivateKey;
import dev.wreg.protocol.log.Checkpoint;
import dev.wreg.protocol.log.EntryBundleId;
import dev.wreg.protocol.log.MerkleHasher;
import dev.wreg.protocol.log.MerkleProofs;
import dev.wreg.protocol.log.TileBatch;
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
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * The server side of the log's attack tests (issue 5 §6): a sequencer that dies in the middle of
 * integrating, and many clients publishing at once, must still give one append-only history whose
 * tiles never change once written and whose every signed checkpoint extends the one before.
 */
class LogAttackIntegrationTest extends RegistryIntegrationTest {

    @Autowired
    LogEntries entries;

    @Autowired
    LogTiles tiles;

    @Autowired
    LogSigner signer;

    @Autowired
    TransactionTemplate transaction;

    private VerifierKey vkey() {
        return VerifierKey.parse(text(get("/log/vkey")).strip());
    }

    private List<byte[]> storedEntries(long size) {
        return jdbc.query(
                "SELECT entry FROM log_entries WHERE log_index < ? ORDER BY log_index",
                (rs, n) -> rs.getBytes(1),
                size);
    }

    /** Every tile and bundle a tree of {@code size} has, as stored now. */
    private Map<TileResource, byte[]> storedTiles(long size) {
        Map<TileResource, byte[]> stored = new LinkedHashMap<>();
        for (TileFile file : TileWriter.create().append(storedEntries(size)).files()) {
            stored.put(file.resource(), tiles.find(file.resource()).orElseThrow(() -> new AssertionError(file.path())));
        }
        return stored;
    }

    private List<byte[]> consistency(long old, long size) {
        HttpResponse<byte[]> response = get("/log/proof/consistency?old=" + old + "&size=" + size);
        assertThat(response.statusCode()).as(text(response)).isEqualTo(200);
        return text(response)
                .lines()
                .map(line -> Base64.getDecoder().decode(line))
                .toList();
    }

    @Test
    void aRestartInTheMiddleOfIntegrationReusesNoIndexRewritesNoTileAndStaysConsistent() {
        Sequencer live = new Sequencer(entries, tiles, signer, jdbc, transaction);
        LogEntries.StoredCheckpoint before = live.integrate(); // nothing pending from other tests
        Map<TileResource, byte[]> tilesBefore = storedTiles(before.size());

        // Committed entries the running process never nudges its sequencer for (a crash right after
        // the commit), enough to fill a level-0 tile and start the next.
        int added = 300;
        String marker = "restart-" + System.nanoTime();
        for (int i = 0; i < added; i++) {
            jdbc.update(
                    "INSERT INTO log_entries (record_id, entry, created_at) VALUES (?, ?, now())",
                    "test:" + marker + "-" + i,
                    (marker + " entry " + i).getBytes(StandardCharsets.UTF_8));
        }
        // The first process: phase 1 commits the indices, then phase 2 stores half of the tiles
        // and dies before signing.
        Sequencer crashed = new Sequencer(entries, tiles, signer, jdbc, transaction);
        crashed.sequenceOnly();
        List<Long> indices = jdbc.queryForList(
                "SELECT log_index FROM log_entries WHERE record_id LIKE ? ORDER BY seq",
                Long.class,
                "test:" + marker + "%");
        assertThat(indices).hasSize(added).doesNotContainNull();
        for (int i = 0; i < added; i++) {
            assertThat(indices.get(i)).isEqualTo(before.size() + i);
        }
        List<byte[]> data = new ArrayList<>();
        for (LogEntries.Indexed indexed : entries.indexedFrom(before.size(), Sequencer.BATCH)) {
            data.add(indexed.entry());
        }
        TileBatch halfDone =
                (before.size() == 0 ? TileWriter.create() : TileWriter.resume(before.size(), tiles)).append(data);
        List<TileFile> writtenByTheCrashedRun =
                halfDone.files().subList(0, halfDone.files().size() / 2);
        writtenByTheCrashedRun.forEach(file -> tiles.write(file, before.size()));
        assertThat(entries.latestCheckpoint().orElseThrow().size()).isEqualTo(before.size());
        crashed.stop();

        // The restarted process finishes the work.
        Sequencer restarted = new Sequencer(entries, tiles, signer, jdbc, transaction);
        LogEntries.StoredCheckpoint after = restarted.integrate();
        restarted.stop();
        assertThat(after.size()).isGreaterThanOrEqualTo(before.size() + added);

        // No index was handed out twice, and the indices are exactly 0..size-1.
        assertThat(jdbc.queryForObject(
                        "SELECT count(DISTINCT log_index) = count(log_index) AND max(log_index) + 1 = count(log_index)"
                                + " FROM log_entries",
                        Boolean.class))
                .isTrue();
        assertThat(jdbc.queryForList(
                        "SELECT log_index FROM log_entries WHERE record_id LIKE ? ORDER BY seq",
                        Long.class,
                        "test:" + marker + "%"))
                .isEqualTo(indices);
        // No tile or bundle changed: neither those of the old tree nor those the dead run wrote.
        Map<TileResource, byte[]> tilesAfter = storedTiles(after.size());
        for (var tile : tilesBefore.entrySet()) {
            assertThat(tiles.find(tile.getKey()))
                    .as(tile.getKey().path())
                    .hasValueSatisfying(bytes -> assertThat(bytes).isEqualTo(tile.getValue()));
        }
        for (TileFile file : writtenByTheCrashedRun) {
            assertThat(tiles.find(file.resource()))
                    .as(file.path())
                    .hasValueSatisfying(bytes -> assertThat(bytes).isEqualTo(file.data()));
        }
        // Every tile of the new tree is what its entries give, its root is the signed one, and the
        // new checkpoint extends the old one.
        List<TileFile> expected =
                TileWriter.create().append(storedEntries(after.size())).files();
        assertThat(tilesAfter).hasSize(expected.size());
        for (TileFile file : expected) {
            assertThat(tilesAfter.get(file.resource())).as(file.path()).isEqualTo(file.data());
        }
        Checkpoint signed = Checkpoint.open(after.note(), vkey()).checkpoint();
        assertThat(MerkleProofs.rootHash(after.size(), new TileHashReader(after.size(), tiles)))
                .isEqualTo(signed.rootHash());
        if (before.size() > 0) {
            MerkleProofs.verifyConsistency(
                    before.size(),
                    after.size(),
                    consistency(before.size(), after.size()),
                    before.rootHash(),
                    signed.rootHash());
        }
        // Each added entry is provably at its index under the new checkpoint.
        for (int i : new int[] {0, added / 2, added - 1}) {
            long index = indices.get(i);
            HttpResponse<byte[]> proof = get("/log/proof/inclusion?index=" + index + "&size=" + after.size());
            assertThat(proof.statusCode()).isEqualTo(200);
            TlogProof.parse(proof.body())
                    .verify(MerkleHasher.leafHash((marker + " entry " + i).getBytes(StandardCharsets.UTF_8)), vkey());
        }
    }

    /** One publisher: claims nothing, publishes {@code count} packages, returns what it observed. */
    private List<byte[]> publishAndObserve(String namespace, PrivateKey owner, String prefix, int count) {
        List<byte[]> observed = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            PackageName pkg = new PackageName(namespace, prefix + "-" + (char) ('a' + i));
            SignedRecord init = record(pkg, null, owner, new Entry.Init(owner.publicKey()));
            HttpResponse<byte[]> response = submit(pkg, init, ADMIN_TOKEN);
            assertThat(response.statusCode()).as(text(response)).isEqualTo(201);
            JsonNode answer = json(response);
            TlogProof proof =
                    TlogProof.parse(answer.path("inclusionProof").asString().getBytes(StandardCharsets.UTF_8));
            assertThat(proof.index()).isEqualTo(answer.path("logIndex").asLong());
            proof.verify(MerkleHasher.leafHash(init.envelope().toJson()), vkey());
            observed.add(answer.path("checkpoint").asString().getBytes(StandardCharsets.UTF_8));
            observed.add(get("/log/checkpoint").body());
        }
        return observed;
    }

    @Test
    void sixteenConcurrentPublishersSeeOneAppendOnlyLog() throws Exception {
        String namespace = uniqueNamespace();
        PrivateKey owner = PrivateKey.generateEd25519();
        claim(namespace, owner);
        VerifierKey key = vkey();
        ConcurrentLinkedQueue<byte[]> observed = new ConcurrentLinkedQueue<>();
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> clients = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(16)) {
            for (int c = 0; c < 16; c++) {
                String prefix = "p" + (char) ('a' + c);
                clients.add(pool.submit(() -> {
                    start.await();
                    observed.addAll(publishAndObserve(namespace, owner, prefix, 3));
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> client : clients) {
                client.get();
            }
        }
        // Every checkpoint any client saw is signed by the log; sorted by size, each one is
        // consistent with the one before it (same size means same root).
        List<Checkpoint> seen = new ArrayList<>();
        for (byte[] note : observed) {
            seen.add(Checkpoint.open(note, key).checkpoint());
        }
        seen.sort(Comparator.comparingLong(Checkpoint::size));
        assertThat(seen).hasSize(16 * 3 * 2);
        int proofsChecked = 0;
        Checkpoint previous = null;
        for (Checkpoint current : seen) {
            if (previous != null && previous.size() == current.size()) {
                assertThat(current.rootHash()).isEqualTo(previous.rootHash());
            } else if (previous != null && previous.size() > 0) {
                MerkleProofs.verifyConsistency(
                        previous.size(),
                        current.size(),
                        consistency(previous.size(), current.size()),
                        previous.rootHash(),
                        current.rootHash());
                proofsChecked++;
            }
            previous = current;
        }
        assertThat(proofsChecked).isPositive();
        // And so is every checkpoint the log ever signed, and the last one re-derives from the bundles.
        List<Long> sizes = jdbc.queryForList("SELECT tree_size FROM log_checkpoints ORDER BY tree_size", Long.class);
        LogEntries.StoredCheckpoint last = null;
        for (long size : sizes) {
            LogEntries.StoredCheckpoint current = entries.checkpointAt(size).orElseThrow();
            Checkpoint.open(current.note(), key);
            if (last != null && last.size() > 0) {
                MerkleProofs.verifyConsistency(
                        last.size(), size, consistency(last.size(), size), last.rootHash(), current.rootHash());
            }
            last = current;
        }
        assertThat(last).isNotNull();
        List<byte[]> fromBundles = new ArrayList<>();
        for (long n = 0; n * TileResource.FULL_WIDTH < last.size(); n++) {
            int width = (int) Math.min(TileResource.FULL_WIDTH, last.size() - n * TileResource.FULL_WIDTH);
            EntryBundleId id = new EntryBundleId(n, width);
            HttpResponse<byte[]> bundle = get("/log/" + id.path());
            assertThat(bundle.statusCode()).as(id.path()).isEqualTo(200);
            fromBundles.addAll(Tiles.decodeBundle(id, bundle.body()));
        }
        assertThat(TileWriter.create().append(fromBundles).rootHash()).isEqualTo(last.rootHash());
    }

    @Test
    void recordsListsCarryTheExactBytesTheLogHolds() {
        String namespace = uniqueNamespace();
        PrivateKey owner = PrivateKey.generateEd25519();
        claim(namespace, owner);
        PackageName pkg = new PackageName(namespace, "exact");
        SignedRecord init = record(pkg, null, owner, new Entry.Init(owner.publicKey()));
        // Valid JSON, the same envelope, but not the canonical serialisation a client would re-make.
        byte[] sent = new String(init.envelope().toJson(), StandardCharsets.UTF_8)
                .replace(",\"", ", \"")
                .getBytes(StandardCharsets.UTF_8);
        assertThat(sent).isNotEqualTo(init.envelope().toJson());
        HttpResponse<byte[]> response = submit(pkg, sent, ADMIN_TOKEN);
        assertThat(response.statusCode()).as(text(response)).isEqualTo(201);
        JsonNode answer = json(response);
        long index = answer.path("logIndex").asLong();
        TlogProof proof =
                TlogProof.parse(answer.path("inclusionProof").asString().getBytes(StandardCharsets.UTF_8));
        proof.verify(MerkleHasher.leafHash(sent), vkey());
        // The canonical re-serialisation is not what was logged, so it cannot be proven.
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> proof.verify(MerkleHasher.leafHash(init.envelope().toJson()), vkey()))
                .isInstanceOf(dev.wreg.protocol.log.LogException.class);

        JsonNode listed =
                json(get("/v1/packages/" + pkg + "/records")).path("records").get(0);
        assertThat(listed.path("logIndex").asLong()).isEqualTo(index);
        byte[] entry = Base64.getDecoder().decode(listed.path("entry").asString());
        assertThat(entry).isEqualTo(sent);
        assertThat(jdbc.queryForObject("SELECT entry FROM log_entries WHERE log_index = ?", byte[].class, index))
                .isEqualTo(sent);
        // Operator records carry theirs too, and each is the logged entry at its index.
        for (JsonNode record : json(get("/v1/operator/records")).path("records")) {
            if (record.path("logIndex").isNumber()) {
                assertThat(Base64.getDecoder().decode(record.path("entry").asString()))
                        .isEqualTo(jdbc.queryForObject(
                                "SELECT entry FROM log_entries WHERE log_index = ?",
                                byte[].class,
                                record.path("logIndex").asLong()));
            }
        }
    }
}
