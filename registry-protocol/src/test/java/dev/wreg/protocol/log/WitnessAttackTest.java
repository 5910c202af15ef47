package dev.wreg.protocol.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * tlog-anchors.md §5 attacks on witnessing, at the library level (registry-cli's WitnessPolicyCliTest
 * runs the same attacks through {@code wreg} with a pinned policy): #10 a quorum short by one, or made up with an unknown witness; #11 a frozen log
 * whose newest cosignature is days old ({@link Freshness}); #12 a cosignature over the same tree
 * with other extension lines, or with a tampered timestamp.
 */
class WitnessAttackTest {

    private final Ed25519NoteSigner log = Ed25519NoteSigner.generate("example.com/log");
    private final Ed25519Cosigner w1 = Ed25519Cosigner.generate("w1.example");
    private final Ed25519Cosigner w2 = Ed25519Cosigner.generate("w2.example");
    private final Ed25519Cosigner w3 = Ed25519Cosigner.generate("w3.example");

    private TlogPolicy twoOfThree() {
        return TlogPolicy.parse("log " + log.verifierKey().text() + "\n"
                + "witness W1 " + w1.verifierKey().text() + "\n"
                + "witness W2 " + w2.verifierKey().text() + "\n"
                + "witness W3 " + w3.verifierKey().text() + "\n"
                + "group G 2 W1 W2 W3\n"
                + "quorum G\n");
    }

    private static String code(Throwable e) {
        return ((LogException) e).code();
    }

    @Test
    void attack10AQuorumShortByOneOrPaddedWithAStrangerIsRefused() {
        Checkpoint cp = new Checkpoint("example.com/log", 7, MerkleHasher.emptyRoot());
        Note oneShort = cp.sign(log).withSignatures(List.of(w1.cosign(cp, 100)));
        assertThatThrownBy(() -> twoOfThree().verify(oneShort.toBytes()))
                .extracting(WitnessAttackTest::code)
                .isEqualTo(LogException.QUORUM_NOT_MET);
        // A stranger with a witness's name (but another key) does not count.
        Ed25519Cosigner impostor = Ed25519Cosigner.generate("w2.example");
        Note padded = oneShort.withSignatures(List.of(impostor.cosign(cp, 101)));
        assertThatThrownBy(() -> twoOfThree().verify(padded.toBytes()))
                .extracting(WitnessAttackTest::code)
                .isEqualTo(LogException.QUORUM_NOT_MET);
        // The real quorum is accepted.
        Note enough = oneShort.withSignatures(List.of(w3.cosign(cp, 103)));
        assertThat(twoOfThree().verify(enough.toBytes()).cosignatures()).hasSize(2);
    }

    @Test
    void attack12ACosignatureOverOtherExtensionLinesOrATamperedTimeIsInvalid() {
        Checkpoint served = new Checkpoint("example.com/log", 7, MerkleHasher.emptyRoot(), List.of("ext one"));
        Checkpoint other = new Checkpoint("example.com/log", 7, MerkleHasher.emptyRoot(), List.of("ext two"));
        // W2 cosigned the same tree but other extension lines: its line does not verify over the
        // served text. A bad signature from a known key refuses the whole note (signed-note's
        // SHOULD), which is stricter than recounting the quorum without it.
        Note mixed = served.sign(log).withSignatures(List.of(w1.cosign(served, 100), w2.cosign(other, 100)));
        assertThatThrownBy(() -> twoOfThree().verify(mixed.toBytes()))
                .extracting(WitnessAttackTest::code)
                .isEqualTo(LogException.BAD_SIGNATURE);

        // A timestamp changed after signing.
        NoteSignature genuine = w2.cosign(served, 1_700_000_000L);
        byte[] sig = genuine.signature();
        java.nio.ByteBuffer.wrap(sig).putLong(1_700_000_999L);
        Note retimed = served.sign(log)
                .withSignatures(
                        List.of(w1.cosign(served, 100), new NoteSignature(genuine.keyName(), genuine.keyId(), sig)));
        assertThatThrownBy(() -> twoOfThree().verify(retimed.toBytes()))
                .extracting(WitnessAttackTest::code)
                .isEqualTo(LogException.BAD_SIGNATURE);

        // With W2's cosignature over the served text the note verifies and counts both witnesses.
        Note good = served.sign(log).withSignatures(List.of(w1.cosign(served, 100), genuine));
        VerifiedCheckpoint verified = twoOfThree().verify(good.toBytes());
        assertThat(verified.checkpoint()).isEqualTo(served);
        assertThat(verified.newestCosignatureTime()).hasValue(1_700_000_000L);
    }

    @Test
    void attack11AFrozenLogIsStale() {
        Checkpoint cp = new Checkpoint("example.com/log", 7, MerkleHasher.emptyRoot());
        java.time.Instant now = java.time.Instant.ofEpochSecond(1_800_000_000L);
        java.time.Duration day = java.time.Duration.ofHours(24);
        java.time.Duration skew = java.time.Duration.ofMinutes(5);
        long threeDaysAgo = now.getEpochSecond() - 3 * 86_400;
        // A valid checkpoint, valid quorum — but the witnesses last vouched for it three days ago.
        VerifiedCheckpoint frozen = twoOfThree()
                .verify(cp.sign(log)
                        .withSignatures(List.of(w1.cosign(cp, threeDaysAgo), w2.cosign(cp, threeDaysAgo + 60)))
                        .toBytes());
        assertThatThrownBy(() -> Freshness.require(frozen, now, day, skew))
                .hasMessageContaining("stale log")
                .extracting(WitnessAttackTest::code)
                .isEqualTo(Freshness.STALE_LOG);
        // One witness cosigned an hour ago: fresh.
        VerifiedCheckpoint fresh = twoOfThree()
                .verify(cp.sign(log)
                        .withSignatures(
                                List.of(w1.cosign(cp, threeDaysAgo), w2.cosign(cp, now.getEpochSecond() - 3600)))
                        .toBytes());
        Freshness.require(fresh, now, day, skew);
        // A cosignature from ten minutes in the future is refused too.
        VerifiedCheckpoint future = twoOfThree()
                .verify(cp.sign(log)
                        .withSignatures(
                                List.of(w1.cosign(cp, now.getEpochSecond()), w2.cosign(cp, now.getEpochSecond() + 600)))
                        .toBytes());
        assertThatThrownBy(() -> Freshness.require(future, now, day, skew))
                .extracting(WitnessAttackTest::code)
                .isEqualTo(Freshness.STALE_LOG);
    }
}
