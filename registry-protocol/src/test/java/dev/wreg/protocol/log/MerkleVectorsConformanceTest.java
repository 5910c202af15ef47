package dev.wreg.protocol.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Runs every Merkle proof vector of ../shared/tlog-vectors: the transparency-dev/merkle inclusion and
 * consistency cases (with their error semantics), the RFC 6962 reference tree, and Go sumdb's real
 * Certificate Transparency proofs over 961,984,013 entries.
 */
class MerkleVectorsConformanceTest {

    @Test
    void transparencyDevInclusion() {
        runCases(
                "transparency-dev/merkle inclusion",
                "transparency-dev-merkle/testdata/inclusion",
                c -> MerkleProofs.verifyInclusion(
                        u64(c.get("leafIdx")),
                        u64(c.get("treeSize")),
                        SharedVectors.b64(c.get("leafHash")),
                        SharedVectors.b64List(c.get("proof")),
                        SharedVectors.b64(c.get("root"))));
    }

    @Test
    void transparencyDevConsistency() {
        runCases(
                "transparency-dev/merkle consistency",
                "transparency-dev-merkle/testdata/consistency",
                c -> MerkleProofs.verifyConsistency(
                        u64(c.get("size1")),
                        u64(c.get("size2")),
                        SharedVectors.b64List(c.get("proof")),
                        SharedVectors.b64(c.get("root1")),
                        SharedVectors.b64(c.get("root2"))));
    }

    /**
     * Runs every case file under {@code dir} of the transparency-dev vectors: {@code verify} must
     * throw exactly when the case says {@code wantErr}.
     */
    private static void runCases(String name, String dir, Consumer<JsonNode> verify) {
        VectorTally tally = new VectorTally(name);
        for (Path file : SharedVectors.jsonFilesUnder(dir)) {
            JsonNode c = SharedVectors.json(file);
            tally.expect(
                    file.getParent().getFileName() + "/" + file.getFileName(),
                    c.get("wantErr").asBoolean(),
                    () -> verify.accept(c));
        }
        tally.finish();
    }

    /**
     * The reference tree: leaf hashes and the root of every prefix, then every inclusion and
     * consistency proof our generator builds over it must verify, and match the happy-path vectors.
     */
    @Test
    void rfc6962ReferenceTree() {
        VectorTally tally = new VectorTally("RFC 6962 reference tree");
        JsonNode tree = SharedVectors.json(SharedVectors.path("transparency-dev-merkle/rfc6962-reference-tree.json"));
        List<byte[]> leaves = strings(tree.get("leaf_inputs_hex")).stream()
                .map(SharedVectors::hex)
                .map(MerkleHasher::leafHash)
                .toList();
        List<String> wantLeaves = strings(tree.get("leaf_hashes_hex"));
        for (int i = 0; i < leaves.size(); i++) {
            String got = HexFormat.of().formatHex(leaves.get(i));
            tally.check("leaf hash " + i, got.equals(wantLeaves.get(i)), got);
        }
        List<String> wantRoots = strings(tree.get("roots_hex_by_size"));
        MemoryHashes hashes = new MemoryHashes(leaves);
        for (int size = 0; size < wantRoots.size(); size++) {
            String got = HexFormat.of().formatHex(MerkleProofs.rootHash(size, hashes));
            String direct = HexFormat.of().formatHex(MerkleHasher.rootOfLeafHashes(leaves.subList(0, size)));
            tally.check("root of size " + size, got.equals(wantRoots.get(size)) && direct.equals(got), got);
        }
        // The happy-path vectors must be exactly what our generator produces.
        for (Path file : SharedVectors.jsonFilesUnder("transparency-dev-merkle/testdata")) {
            if (!file.getFileName().toString().equals("happy-path.json")) {
                continue;
            }
            JsonNode c = SharedVectors.json(file);
            List<byte[]> want = SharedVectors.b64List(c.get("proof"));
            List<byte[]> got = c.has("leafIdx")
                    ? MerkleProofs.inclusionProof(u64(c.get("leafIdx")), u64(c.get("treeSize")), hashes)
                    : MerkleProofs.consistencyProof(u64(c.get("size1")), u64(c.get("size2")), hashes);
            tally.check(
                    "generated " + file.getParent().getParent().getFileName() + "/"
                            + file.getParent().getFileName(),
                    sameHashes(want, got),
                    "generated proof differs");
        }
        tally.finish();
    }

    @Test
    void goSumdbArgon2020RealProofs() {
        VectorTally tally = new VectorTally("golang/mod argon2020 (CT, 961,984,013 entries)");
        JsonNode sth = SharedVectors.json(SharedVectors.path("golang-mod-argon2020/sth.json"));
        long size = sth.get("tree_size").asLong();
        byte[] root = SharedVectors.b64(sth.get("sha256_root_hash"));
        JsonNode proof = SharedVectors.json(SharedVectors.path("golang-mod-argon2020/proof.json"));
        long index = proof.get("leaf_index").asLong();
        List<byte[]> path = SharedVectors.b64List(proof.get("audit_path"));
        JsonNode entries = SharedVectors.json(SharedVectors.path("golang-mod-argon2020/entries.json"));
        byte[] leaf = MerkleHasher.leafHash(
                SharedVectors.b64(entries.get("entries").get(0).get("leaf_input")));

        tally.expect("inclusion of 10000", false, () -> MerkleProofs.verifyInclusion(index, size, leaf, path, root));
        tally.expect(
                "inclusion, wrong index", true, () -> MerkleProofs.verifyInclusion(index + 1, size, leaf, path, root));
        // A size that changes the shape of the path (a nearby size may legitimately share it).
        tally.expect("inclusion, wrong size", true, () -> MerkleProofs.verifyInclusion(index, 20000, leaf, path, root));
        byte[] otherRoot = root.clone();
        otherRoot[31] ^= 1;
        tally.expect(
                "inclusion, modified root",
                true,
                () -> MerkleProofs.verifyInclusion(index, size, leaf, path, otherRoot));
        tally.expect(
                "inclusion, truncated path",
                true,
                () -> MerkleProofs.verifyInclusion(index, size, leaf, path.subList(0, path.size() - 1), root));

        List<byte[]> consistency =
                SharedVectors.b64List(SharedVectors.json(SharedVectors.path("golang-mod-argon2020/consistency.json"))
                        .get("consistency"));
        // The old root comes from sumdb/tlog/ct_test.go (see the vectors' README).
        byte[] oldRoot = java.util.Base64.getDecoder().decode("AuIZ5V6sDUj1vn3Y1K85oOaQ7y+FJJKtyRTl1edIKBQ=");
        long oldSize = 3654490;
        tally.expect(
                "consistency 3654490 -> 961984013",
                false,
                () -> MerkleProofs.verifyConsistency(oldSize, size, consistency, oldRoot, root));
        tally.expect(
                "consistency, swapped roots",
                true,
                () -> MerkleProofs.verifyConsistency(oldSize, size, consistency, root, oldRoot));
        tally.expect(
                "consistency, wrong old size",
                true,
                () -> MerkleProofs.verifyConsistency(oldSize + 1, size, consistency, oldRoot, root));
        tally.finish();
    }

    static boolean sameHashes(List<byte[]> a, List<byte[]> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (!java.util.Arrays.equals(a.get(i), b.get(i))) {
                return false;
            }
        }
        return true;
    }

    /**
     * The vectors hold Go uint64 values, some above 2^63-1; they keep their 64 bits in a Java long,
     * where they read as negative, which the verifier refuses as it must.
     */
    private static long u64(JsonNode node) {
        return node.bigIntegerValue().longValue();
    }

    private static List<String> strings(JsonNode array) {
        return java.util.stream.StreamSupport.stream(array.spliterator(), false)
                .map(JsonNode::asString)
                .toList();
    }

    @Test
    void tallyCountsRealCases() {
        assertThat(SharedVectors.jsonFilesUnder("transparency-dev-merkle/testdata"))
                .hasSizeGreaterThan(150);
    }
}
