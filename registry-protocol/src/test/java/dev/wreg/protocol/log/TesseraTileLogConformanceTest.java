package dev.wreg.protocol.log;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wreg.testsupport.NeedsSharedData;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The complete 15-entry tlog-tiles log from transparency-dev/tessera: our tile writer must rebuild
 * every tile and entry bundle byte for byte from its entries, all 16 checkpoints (and the latest one)
 * must verify with the log's vkey and match our roots, and proofs read from its tiles must verify.
 */
@NeedsSharedData("tlog-vectors/tessera-testdata-log")
class TesseraTileLogConformanceTest {
    private static Path LOG;

    @BeforeAll
    static void findTheLog() {
        LOG = SharedVectors.path("tessera-testdata-log");
    }

    private static final TileSource DIRECTORY = resource -> {
        Path file = LOG.resolve(resource.path());
        if (!Files.isRegularFile(file)) {
            throw new LogException(LogException.MISSING_HASH, "no " + resource.path());
        }
        return SharedVectors.bytes(file);
    };

    private static List<byte[]> entries() {
        return Tiles.decodeBundle(new EntryBundleId(0, 15), SharedVectors.bytes(LOG.resolve("tile/entries/000.p/15")));
    }

    @Test
    void tileWriterReproducesEveryTileAndBundle() {
        VectorTally tally = new VectorTally("tessera testdata/log tiles and bundles");
        TileWriter writer = TileWriter.create();
        Map<String, byte[]> written = new TreeMap<>();
        for (byte[] entry : entries()) {
            long before = writer.size();
            TileBatch batch = writer.append(List.of(entry));
            List<TileResource> expected = Tiles.written(before, batch.newSize());
            tally.check(
                    "resources written at size " + batch.newSize(),
                    batch.files().stream().map(TileFile::resource).toList().equals(expected),
                    batch.files() + " vs " + expected);
            batch.files().forEach(f -> written.put(f.path(), f.data()));
        }
        Map<String, byte[]> onDisk = new TreeMap<>();
        try (Stream<Path> files = Files.walk(LOG.resolve("tile"))) {
            files.filter(Files::isRegularFile)
                    .forEach(f -> onDisk.put(LOG.relativize(f).toString().replace('\\', '/'), SharedVectors.bytes(f)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        tally.check(
                "same set of files",
                written.keySet().equals(onDisk.keySet()),
                written.keySet() + " vs " + onDisk.keySet());
        onDisk.forEach((path, bytes) ->
                tally.check(path, Arrays.equals(bytes, written.get(path)), "bytes differ from the writer's"));
        tally.finish();
        assertThat(onDisk).hasSize(30);
    }

    @Test
    void everyCheckpointVerifiesAndMatchesOurRoot() {
        VectorTally tally = new VectorTally("tessera testdata/log checkpoints");
        VerifierKey key = VerifierKey.parse(SharedVectors.text(LOG.resolve("log.vkey")));
        tally.check("vkey round trip", key.text().equals(SharedVectors.text(LOG.resolve("log.vkey"))), key.text());
        List<byte[]> leaves = entries().stream().map(MerkleHasher::leafHash).toList();
        for (int size = 0; size <= 15; size++) {
            String name = "checkpoint." + size;
            byte[] note = SharedVectors.bytes(LOG.resolve(name));
            int s = size;
            tally.expect(name, false, () -> {
                VerifiedCheckpoint verified = Checkpoint.open(note, key);
                Checkpoint cp = verified.checkpoint();
                if (cp.size() != s
                        || !Arrays.equals(cp.rootHash(), MerkleHasher.rootOfLeafHashes(leaves.subList(0, s)))
                        || !cp.origin().equals("example.com/log/testdata")
                        || !Arrays.equals(verified.noteBytes(), note)) {
                    throw new LogException(LogException.INVALID_PROOF, "checkpoint content differs: " + cp);
                }
            });
        }
        byte[] latest = SharedVectors.bytes(LOG.resolve("checkpoint"));
        tally.expect("checkpoint (latest)", false, () -> {
            if (Checkpoint.open(latest, key).checkpoint().size() != 15) {
                throw new LogException(LogException.INVALID_PROOF, "latest is not size 15");
            }
        });
        // The same notes must fail for another key with the same name, and for a flipped bit.
        Ed25519NoteSigner impostor = Ed25519NoteSigner.generate("example.com/log/testdata");
        tally.expect("unknown key refused", true, () -> Checkpoint.open(latest, impostor.verifierKey()));
        byte[] flipped = latest.clone();
        flipped[flipped.length - 10] ^= 0x01;
        tally.expect("tampered signature refused", true, () -> Checkpoint.open(flipped, key));
        tally.finish();
    }

    @Test
    void proofsFromTheTilesVerifyAgainstTheCheckpoints() {
        VectorTally tally = new VectorTally("tessera testdata/log proofs from tiles");
        VerifierKey key = VerifierKey.parse(SharedVectors.text(LOG.resolve("log.vkey")));
        List<byte[]> entries = entries();
        List<Checkpoint> checkpoints = new ArrayList<>();
        for (int size = 0; size <= 15; size++) {
            checkpoints.add(Checkpoint.open(SharedVectors.bytes(LOG.resolve("checkpoint." + size)), key)
                    .checkpoint());
        }
        for (int size = 1; size <= 15; size++) {
            TileHashReader reader = new TileHashReader(size, DIRECTORY);
            Checkpoint cp = checkpoints.get(size);
            tally.check(
                    "root from tiles at " + size,
                    Arrays.equals(MerkleProofs.rootHash(size, reader), cp.rootHash()),
                    "root differs");
            for (int index = 0; index < size; index++) {
                int i = index;
                int s = size;
                tally.expect(
                        "inclusion " + index + " in " + size,
                        false,
                        () -> MerkleProofs.verifyInclusion(
                                i,
                                s,
                                MerkleHasher.leafHash(entries.get(i)),
                                MerkleProofs.inclusionProof(i, s, reader),
                                cp.rootHash()));
            }
            for (int old = 1; old <= size; old++) {
                Checkpoint oldCp = checkpoints.get(old);
                int o = old;
                int s = size;
                tally.expect(
                        "consistency " + old + " -> " + size,
                        false,
                        () -> MerkleProofs.verifyConsistency(
                                o, s, MerkleProofs.consistencyProof(o, s, reader), oldCp.rootHash(), cp.rootHash()));
            }
        }
        tally.finish();
    }

    @Test
    void writerResumesFromTheStoredLog() {
        List<byte[]> entries = entries();
        TileWriter resumed = TileWriter.resume(10, DIRECTORY);
        assertThat(resumed.rootHash())
                .isEqualTo(MerkleHasher.rootOfLeafHashes(entries.subList(0, 10).stream()
                        .map(MerkleHasher::leafHash)
                        .toList()));
        TileBatch batch = resumed.append(entries.subList(10, 15));
        for (TileFile file : batch.files()) {
            assertThat(file.data()).as(file.path()).isEqualTo(DIRECTORY.read(file.resource()));
        }
        assertThat(batch.files())
                .extracting(TileFile::path)
                .containsExactly("tile/0/000.p/15", "tile/entries/000.p/15");
    }
}
