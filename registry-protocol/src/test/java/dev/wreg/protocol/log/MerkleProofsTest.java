package dev.wreg.protocol.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MerkleProofsTest {
    private static final int N = 70;

    private static List<byte[]> leaves(int n) {
        List<byte[]> leaves = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            leaves.add(MerkleHasher.leafHash(("entry " + i).getBytes(StandardCharsets.UTF_8)));
        }
        return leaves;
    }

    @Test
    void everyGeneratedInclusionProofVerifiesAndNoOtherIndexDoes() {
        List<byte[]> leaves = leaves(N);
        MemoryHashes hashes = new MemoryHashes(leaves);
        for (int size = 1; size <= N; size++) {
            byte[] root = MerkleHasher.rootOfLeafHashes(leaves.subList(0, size));
            assertThat(MerkleProofs.rootHash(size, hashes)).isEqualTo(root);
            for (int index = 0; index < size; index++) {
                List<byte[]> proof = MerkleProofs.inclusionProof(index, size, hashes);
                MerkleProofs.verifyInclusion(index, size, leaves.get(index), proof, root);
                int other = (index + 1) % size;
                if (other != index) {
                    int o = other;
                    int s = size;
                    assertThatThrownBy(() -> MerkleProofs.verifyInclusion(o, s, leaves.get(o), proof, root))
                            .isInstanceOf(LogException.class);
                }
            }
        }
    }

    @Test
    void everyGeneratedConsistencyProofVerifies() {
        List<byte[]> leaves = leaves(N);
        MemoryHashes hashes = new MemoryHashes(leaves);
        for (int size2 = 1; size2 <= N; size2++) {
            byte[] root2 = MerkleHasher.rootOfLeafHashes(leaves.subList(0, size2));
            for (int size1 = 1; size1 <= size2; size1++) {
                byte[] root1 = MerkleHasher.rootOfLeafHashes(leaves.subList(0, size1));
                List<byte[]> proof = MerkleProofs.consistencyProof(size1, size2, hashes);
                MerkleProofs.verifyConsistency(size1, size2, proof, root1, root2);
                if (size1 < size2) {
                    int s1 = size1;
                    int s2 = size2;
                    assertThatThrownBy(() -> MerkleProofs.verifyConsistency(s1, s2, proof, root2, root1))
                            .isInstanceOf(LogException.class)
                            .extracting(e -> ((LogException) e).code())
                            .isEqualTo(LogException.INVALID_PROOF);
                }
            }
        }
    }

    @Test
    void refusesImpossibleRequests() {
        MemoryHashes hashes = new MemoryHashes(leaves(4));
        assertThatThrownBy(() -> MerkleProofs.inclusionProof(4, 4, hashes))
                .extracting(e -> ((LogException) e).code())
                .isEqualTo(LogException.INVALID_PROOF_REQUEST);
        assertThatThrownBy(() -> MerkleProofs.consistencyProof(0, 4, hashes))
                .extracting(e -> ((LogException) e).code())
                .isEqualTo(LogException.INVALID_PROOF_REQUEST);
        assertThatThrownBy(() -> MerkleProofs.inclusionProof(0, 5, hashes))
                .extracting(e -> ((LogException) e).code())
                .isEqualTo(LogException.MISSING_HASH);
    }

    @Test
    void hugeSizesDoNotOverflow() {
        long size = Long.MAX_VALUE;
        List<NodeId> nodes = MerkleProofs.decompose(0, size);
        assertThat(nodes).hasSize(63);
        assertThat(nodes.get(0)).isEqualTo(new NodeId(62, 0));
        assertThat(nodes.get(62).endLeaf()).isEqualTo(size);
    }
}
