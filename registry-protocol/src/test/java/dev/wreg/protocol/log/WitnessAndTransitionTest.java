package dev.wreg.protocol.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WitnessAndTransitionTest {
    private static final String ORIGIN = "example.com/log";

    private static List<byte[]> leaves(int n) {
        List<byte[]> leaves = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            leaves.add(MerkleHasher.leafHash(new byte[] {(byte) i}));
        }
        return leaves;
    }

    private static Checkpoint checkpoint(List<byte[]> leaves, int size) {
        return new Checkpoint(ORIGIN, size, MerkleHasher.rootOfLeafHashes(leaves.subList(0, size)));
    }

    @Test
    void clientAcceptsOnlyAppendOnlyGrowth() {
        List<byte[]> leaves = leaves(20);
        MemoryHashes hashes = new MemoryHashes(leaves);
        Checkpoint c0 = checkpoint(leaves, 0);
        Checkpoint c7 = checkpoint(leaves, 7);
        Checkpoint c13 = checkpoint(leaves, 13);
        assertThat(CheckpointTransition.verify(c0, c7, List.of())).isEqualTo(CheckpointTransition.Kind.EXTENDED);
        assertThat(CheckpointTransition.verify(c7, c13, MerkleProofs.consistencyProof(7, 13, hashes)))
                .isEqualTo(CheckpointTransition.Kind.EXTENDED);
        assertThat(CheckpointTransition.verify(c13, c13, List.of())).isEqualTo(CheckpointTransition.Kind.UNCHANGED);
        assertThatThrownBy(() -> CheckpointTransition.verify(c13, c7, List.of()))
                .extracting(e -> ((LogException) e).code())
                .isEqualTo(LogException.ROLLBACK);

        List<byte[]> rewritten = new ArrayList<>(leaves);
        rewritten.set(3, MerkleHasher.leafHash(new byte[] {99}));
        Checkpoint other13 = checkpoint(rewritten, 13);
        assertThatThrownBy(() -> CheckpointTransition.verify(c13, other13, List.of()))
                .extracting(e -> ((LogException) e).code())
                .isEqualTo(LogException.FORK);
        List<byte[]> proof = MerkleProofs.consistencyProof(7, 13, new MemoryHashes(rewritten));
        assertThatThrownBy(() -> CheckpointTransition.verify(c7, other13, proof))
                .extracting(e -> ((LogException) e).code())
                .isEqualTo(LogException.FORK);
        Checkpoint badEmpty = new Checkpoint(ORIGIN, 0, c7.rootHash());
        assertThatThrownBy(() -> CheckpointTransition.verify(badEmpty, c7, List.of()))
                .extracting(e -> ((LogException) e).code())
                .isEqualTo(LogException.MALFORMED_CHECKPOINT);
    }

    @Test
    void addCheckpointRequestRoundTripAndCosignatureResponse() {
        List<byte[]> leaves = leaves(20);
        Ed25519NoteSigner log = Ed25519NoteSigner.generate(ORIGIN);
        Checkpoint c13 = checkpoint(leaves, 13);
        Note signed = c13.sign(log);
        AddCheckpointRequest request = new AddCheckpointRequest(
                7, MerkleProofs.consistencyProof(7, 13, new MemoryHashes(leaves)), signed.toBytes());
        byte[] body = request.toBytes();
        assertThat(new String(body, StandardCharsets.UTF_8))
                .startsWith("old 7\n")
                .contains("\n\nexample.com/log\n13\n");
        AddCheckpointRequest parsed = AddCheckpointRequest.parse(body);
        assertThat(parsed).isEqualTo(request);
        MerkleProofs.verifyConsistency(
                parsed.oldSize(),
                13,
                parsed.consistencyProof(),
                checkpoint(leaves, 7).rootHash(),
                c13.rootHash());

        Ed25519Cosigner witness = Ed25519Cosigner.generate("witness.example");
        byte[] response = witness.cosign(c13, 1234).line().getBytes(StandardCharsets.UTF_8);
        List<NoteSignature> cosigs = AddCheckpointRequest.verifiedCosignatures(
                signed, response, List.of(witness.verifierKey().verifier()));
        assertThat(cosigs).hasSize(1);
        assertThat(CosignatureVerifier.timestamp(cosigs.get(0))).isEqualTo(1234);
        byte[] sneaky = ("\n" + witness.cosign(c13, 1234).line()).getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> AddCheckpointRequest.verifiedCosignatures(
                        signed, sneaky, List.of(witness.verifierKey().verifier())))
                .isInstanceOf(LogException.class);

        for (String bad :
                List.of("old 07\n\n", "old -1\n\n", "old 1\nAAAA\n\n", "new 1\n\n", "old 1\n", "old 1\r\n\n")) {
            assertThatThrownBy(() ->
                            AddCheckpointRequest.parse((bad + new String(signed.toBytes(), StandardCharsets.UTF_8))
                                    .getBytes(StandardCharsets.UTF_8)))
                    .as(bad)
                    .extracting(e -> ((LogException) e).code())
                    .isEqualTo(LogException.MALFORMED_WITNESS_REQUEST);
        }
    }
}
