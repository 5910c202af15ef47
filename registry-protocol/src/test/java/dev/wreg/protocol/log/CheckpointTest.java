package dev.wreg.protocol.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

class CheckpointTest {
    private static final String ROOT = "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=";

    @Test
    void parsesAndWritesCanonicalText() {
        String text = "example.com/log\n42\n" + ROOT + "\nsome extension\n";
        Checkpoint cp = Checkpoint.parse(text);
        assertThat(cp.origin()).isEqualTo("example.com/log");
        assertThat(cp.size()).isEqualTo(42);
        assertThat(cp.extensions()).containsExactly("some extension");
        assertThat(cp.text()).isEqualTo(text);
    }

    @Test
    void refusesEverySloppyForm() {
        for (String bad : List.of(
                "example.com/log\n42\n" + ROOT, // no final newline
                "example.com/log\n42\n",
                "\n42\n" + ROOT + "\n",
                "example.com/log\n042\n" + ROOT + "\n",
                "example.com/log\n-1\n" + ROOT + "\n",
                "example.com/log\n+1\n" + ROOT + "\n",
                "example.com/log\n99999999999999999999\n" + ROOT + "\n",
                "example.com/log\n1\nAAAA\n",
                "example.com/log\n1\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFV=\n",
                "example.com/log\n1\n" + ROOT + "\n\n",
                "example.com/log\n1\n" + ROOT + "\n\nextension\n")) {
            assertThatThrownBy(() -> Checkpoint.parse(bad))
                    .as(bad)
                    .isInstanceOf(LogException.class)
                    .extracting(e -> ((LogException) e).code())
                    .isEqualTo(LogException.MALFORMED_CHECKPOINT);
        }
    }

    @Test
    void logSignatureAndWitnessCosignatures() {
        Ed25519NoteSigner log = Ed25519NoteSigner.generate("example.com/log");
        Ed25519Cosigner witness = Ed25519Cosigner.generate("witness.example");
        Ed25519Cosigner stranger = Ed25519Cosigner.generate("stranger.example");
        Checkpoint cp = new Checkpoint("example.com/log", 5, MerkleHasher.emptyRoot());
        Note note = cp.sign(log)
                .withSignatures(List.of(witness.cosign(cp, 1_700_000_000L), stranger.cosign(cp, 1_800_000_000L)));

        VerifiedCheckpoint verified = Checkpoint.open(
                note.toBytes(),
                "example.com/log",
                List.of(log.verifierKey().verifier()),
                List.of(witness.verifierKey().verifier()));
        assertThat(verified.checkpoint()).isEqualTo(cp);
        assertThat(verified.cosignatures()).hasSize(1);
        assertThat(verified.newestCosignatureTime()).hasValue(1_700_000_000L);

        // The cosigned message is cosignature/v1, the time line and the checkpoint text.
        assertThat(new String(CosignatureVerifier.signedMessage(1679315147L, cp.textBytes())))
                .isEqualTo("cosignature/v1\ntime 1679315147\n" + cp.text());

        // A tampered timestamp invalidates the cosignature, which refuses the note.
        NoteSignature cosig = witness.cosign(cp, 1_700_000_000L);
        byte[] sig = cosig.signature();
        ByteBuffer.wrap(sig).putLong(1_700_000_001L);
        Note tampered = cp.sign(log).withSignatures(List.of(new NoteSignature(cosig.keyName(), cosig.keyId(), sig)));
        assertThatThrownBy(() -> Checkpoint.open(
                        tampered.toBytes(),
                        "example.com/log",
                        List.of(log.verifierKey().verifier()),
                        List.of(witness.verifierKey().verifier())))
                .extracting(e -> ((LogException) e).code())
                .isEqualTo(LogException.BAD_SIGNATURE);

        // A cosignature alone does not make a checkpoint: the log must have signed it.
        Note onlyWitness = new Note(cp.text(), List.of(witness.cosign(cp, 1L)));
        assertThatThrownBy(() -> Checkpoint.open(
                        onlyWitness.toBytes(),
                        "example.com/log",
                        List.of(log.verifierKey().verifier()),
                        List.of(witness.verifierKey().verifier())))
                .extracting(e -> ((LogException) e).code())
                .isEqualTo(LogException.UNVERIFIED_NOTE);

        assertThatThrownBy(() -> Checkpoint.open(note.toBytes(), "other.example/log", List.of(), List.of()))
                .extracting(e -> ((LogException) e).code())
                .isEqualTo(LogException.WRONG_ORIGIN);
    }

    @Test
    void logKeyNameMustBeTheOrigin() {
        Ed25519NoteSigner log = Ed25519NoteSigner.generate("example.com/other");
        assertThatThrownBy(() -> new Checkpoint("example.com/log", 0, MerkleHasher.emptyRoot()).sign(log))
                .isInstanceOf(LogException.class);
    }
}
