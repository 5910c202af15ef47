package dev.wreg.protocol.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TilesTest {

    @Test
    void pathsEncodeTheIndexInThreeDigitElements() {
        assertThat(new TileId(0, 0, 256).path()).isEqualTo("tile/0/000");
        assertThat(new TileId(1, 1234067, 256).path()).isEqualTo("tile/1/x001/x234/067");
        assertThat(new TileId(2, 1000, 5).path()).isEqualTo("tile/2/x001/000.p/5");
        assertThat(new EntryBundleId(999, 255).path()).isEqualTo("tile/entries/999.p/255");
        for (String path : List.of(
                "tile/0/000",
                "tile/63/x001/x234/067",
                "tile/2/x001/000.p/5",
                "tile/entries/999.p/255",
                "tile/entries/x009/x223/x372/x036/x854/x775/807")) {
            assertThat(TileResource.parse(path).path()).isEqualTo(path);
        }
        assertThat(TileResource.parse("tile/entries/x009/x223/x372/x036/x854/x775/807")
                        .index())
                .isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void refusesNonCanonicalPaths() {
        for (String bad : List.of(
                "tile/00/000",
                "tile/64/000",
                "tile/0/0",
                "tile/0/0000",
                "tile/0/x000/001",
                "tile/0/001/002",
                "tile/0/x1/002",
                "tile/0/000.p/0",
                "tile/0/000.p/256",
                "tile/0/000.p/010",
                "tile/0/000.p/",
                "tile/0/000/",
                "tile/0/x009/x223/x372/x036/x854/x775/808",
                "tile/data/000",
                "tiles/0/000",
                "tile/0")) {
            assertThatThrownBy(() -> TileResource.parse(bad)).as(bad).isInstanceOf(LogException.class);
        }
    }

    @Test
    void resourcesOfTheSpecExamples() {
        List<String> at70000 = Tiles.written(0, 70_000).stream()
                .filter(r -> r instanceof TileId t && (t.isPartial() || t.level() > 0))
                .map(TileResource::path)
                .toList();
        assertThat(at70000).containsExactly("tile/0/273.p/112", "tile/1/000", "tile/1/001.p/17", "tile/2/000.p/1");
        assertThat(Tiles.written(0, 70_000).stream()
                        .filter(r -> r instanceof TileId t && t.level() == 0 && !t.isPartial()))
                .hasSize(273);
        assertThat(Tiles.written(0, 256).stream().map(TileResource::path))
                .containsExactly("tile/0/000", "tile/1/000.p/1", "tile/entries/000");
        assertThat(Tiles.written(256, 256)).isEmpty();
        assertThat(Tiles.written(255, 257).stream().map(TileResource::path))
                .containsExactly(
                        "tile/0/000", "tile/0/001.p/1", "tile/1/000.p/1", "tile/entries/000", "tile/entries/001.p/1");
    }

    @Test
    void widthsNeverOverflow() {
        assertThat(Tiles.width(0, 0, 15)).isEqualTo(15);
        assertThat(Tiles.width(0, 1, 15)).isZero();
        assertThat(Tiles.width(0, 0, 256)).isEqualTo(256);
        assertThat(Tiles.width(1, 0, 256)).isEqualTo(1);
        assertThat(Tiles.width(0, Long.MAX_VALUE / 2, 1000)).isZero();
        assertThat(Tiles.width(0, Long.MAX_VALUE, Long.MAX_VALUE)).isZero();
        assertThat(Tiles.width(7, 0, Long.MAX_VALUE)).isEqualTo(127);
        assertThat(Tiles.width(8, 0, Long.MAX_VALUE)).isZero();
    }

    /** Logs may delete a partial tile once the full one exists; readers then use the full tile. */
    @Test
    void readerFallsBackToTheFullTile() {
        List<byte[]> leaves = new ArrayList<>();
        List<byte[]> entries = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            entries.add(new byte[] {(byte) i, (byte) (i >> 8)});
            leaves.add(MerkleHasher.leafHash(entries.get(i)));
        }
        Map<String, byte[]> store = new HashMap<>();
        TileWriter writer = TileWriter.create();
        writer.append(entries.subList(0, 100)).files().forEach(f -> store.put(f.path(), f.data()));
        writer.append(entries.subList(100, 300)).files().forEach(f -> store.put(f.path(), f.data()));
        assertThat(store.remove("tile/0/000.p/100")).isNotNull();
        TileHashReader reader = new TileHashReader(100, r -> store.get(r.path()));
        byte[] root = MerkleHasher.rootOfLeafHashes(leaves.subList(0, 100));
        assertThat(MerkleProofs.rootHash(100, reader)).isEqualTo(root);
        MerkleProofs.verifyInclusion(42, 100, leaves.get(42), MerkleProofs.inclusionProof(42, 100, reader), root);
    }

    @Test
    void bundlesAreStrict() {
        byte[] bundle = Tiles.encodeBundle(List.of(new byte[0], "ab".getBytes(StandardCharsets.UTF_8)));
        assertThat(bundle).containsExactly(0, 0, 0, 2, 'a', 'b');
        assertThat(Tiles.decodeBundle(new EntryBundleId(0, 2), bundle)).hasSize(2);
        assertThatThrownBy(() -> Tiles.decodeBundle(new EntryBundleId(0, 1), bundle))
                .isInstanceOf(LogException.class);
        assertThatThrownBy(() -> Tiles.decodeBundle(new EntryBundleId(0, 3), bundle))
                .isInstanceOf(LogException.class);
        assertThatThrownBy(() -> Tiles.decodeBundle(new EntryBundleId(0, 2), new byte[] {0, 0, 0, 3, 'a', 'b'}))
                .isInstanceOf(LogException.class);
        assertThatThrownBy(() -> TileWriter.create().append(List.of(new byte[65536])))
                .extracting(e -> ((LogException) e).code())
                .isEqualTo(LogException.MALFORMED_ENTRY);
        assertThat(TileWriter.create().append(List.of(new byte[65535])).newSize())
                .isEqualTo(1);
    }

    /**
     * 70,000 entries in uneven batches: every batch writes exactly the resources the tile maths
     * predicts, the roots match a direct computation, proofs read from the tiles verify, and a writer
     * resumed from the stored tiles continues identically.
     */
    @Test
    void largeLogInBatches() {
        int total = 70_000;
        List<byte[]> entries = new ArrayList<>();
        List<byte[]> leaves = new ArrayList<>();
        for (int i = 0; i < total; i++) {
            byte[] entry = ("entry-" + i).getBytes(StandardCharsets.UTF_8);
            entries.add(entry);
            leaves.add(MerkleHasher.leafHash(entry));
        }
        Map<String, byte[]> store = new HashMap<>();
        TileSource source = r -> store.get(r.path());
        TileWriter writer = TileWriter.create();
        Random random = new Random(42);
        List<Long> sizes = new ArrayList<>();
        while (writer.size() < total) {
            int n = (int) Math.min(total - writer.size(), 1 + random.nextInt(random.nextBoolean() ? 300 : 5000));
            long before = writer.size();
            if (sizes.size() == 7) {
                writer = TileWriter.resume(before, source); // a restart in the middle
            }
            TileBatch batch = writer.append(entries.subList((int) before, (int) before + n));
            assertThat(batch.files().stream().map(TileFile::resource).toList())
                    .isEqualTo(Tiles.written(before, batch.newSize()));
            batch.files().forEach(f -> store.put(f.path(), f.data()));
            sizes.add(batch.newSize());
        }
        assertThat(writer.rootHash()).isEqualTo(MerkleHasher.rootOfLeafHashes(leaves));
        assertThat(store).containsKeys("tile/0/273.p/112", "tile/1/000", "tile/1/001.p/17", "tile/2/000.p/1");

        for (long size : List.of(sizes.get(3), sizes.get(sizes.size() / 2), (long) total)) {
            TileHashReader reader = new TileHashReader(size, source);
            byte[] root = MerkleHasher.rootOfLeafHashes(leaves.subList(0, (int) size));
            assertThat(MerkleProofs.rootHash(size, reader)).isEqualTo(root);
            for (int k = 0; k < 50; k++) {
                int index = random.nextInt((int) size);
                MerkleProofs.verifyInclusion(
                        index, size, leaves.get(index), MerkleProofs.inclusionProof(index, size, reader), root);
            }
            long old = sizes.get(1);
            if (old < size) {
                MerkleProofs.verifyConsistency(
                        old,
                        size,
                        MerkleProofs.consistencyProof(old, size, reader),
                        MerkleHasher.rootOfLeafHashes(leaves.subList(0, (int) old)),
                        root);
            }
        }
        // A tampered tile makes the proofs fail against the true root.
        byte[] tile = store.get("tile/0/010").clone();
        tile[32 + 5] ^= 1; // hash 1 of the tile: the sibling of leaf 2560
        Map<String, byte[]> tampered = new HashMap<>(store);
        tampered.put("tile/0/010", tile);
        TileHashReader bad = new TileHashReader(total, r -> tampered.get(r.path()));
        assertThatThrownBy(() -> MerkleProofs.verifyInclusion(
                        2560,
                        total,
                        leaves.get(2560),
                        MerkleProofs.inclusionProof(2560, total, bad),
                        MerkleHasher.rootOfLeafHashes(leaves)))
                .isInstanceOf(LogException.class);
    }
}
