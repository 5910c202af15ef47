package dev.wreg.protocol.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wreg.protocol.RecordRejectedException;
import dev.wreg.protocol.crypto.PrivateKey;
import dev.wreg.protocol.crypto.PublicKey;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OperatorStateTest {

    static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");
    final PrivateKey operatorKey = PrivateKey.generateEd25519();
    final PublicKey alice = PrivateKey.generateEd25519().publicKey();
    final PublicKey bob = PrivateKey.generateEcdsaP256().publicKey();

    SignedOperatorRecord claim(OperatorState state, Instant time, String namespace, PublicKey... owners) {
        return SignedOperatorRecord.sign(
                new OperatorRecord(
                        state.head(), time, List.of(new OperatorEntry.Namespace(namespace, List.of(owners)))),
                operatorKey);
    }

    @Test
    void foldsNamespaceClaims() {
        OperatorState state = OperatorState.empty(operatorKey.publicKey());
        state = state.apply(claim(state, T0, "example", alice));
        state = state.apply(claim(state, T0.plusSeconds(1), "other", bob));
        assertThat(state.owners("example")).contains(List.of(alice));
        assertThat(state.owners("other")).contains(List.of(bob));
        assertThat(state.owners("missing")).isEmpty();
        assertThat(state.recordCount()).isEqualTo(2);
        assertThat(state.namespaces()).containsOnlyKeys("example", "other");
        // The operator may change the owners of a namespace it already declared.
        state = state.apply(claim(state, T0.plusSeconds(2), "example", bob, alice));
        assertThat(state.owners("example")).contains(List.of(bob, alice));
    }

    @Test
    void refusesLookAlikeNamespaces() {
        OperatorState state = OperatorState.empty(operatorKey.publicKey());
        OperatorState claimed = state.apply(claim(state, T0, "foo", alice));
        assertThatThrownBy(() -> claimed.apply(claim(claimed, T0, "f-oo", bob)))
                .isInstanceOf(RecordRejectedException.class)
                .hasFieldOrPropertyWithValue("code", "name-conflict")
                .hasMessageContaining("\"foo\"");
        assertThat(claimed.conflictingNamespace("f-oo")).contains("foo");
        assertThat(claimed.conflictingNamespace("bar")).isEmpty();
        assertThat(claimed.owners("f-oo")).isEmpty();
    }

    @Test
    void refusesRecordsNotSignedByTheOperator() {
        OperatorState state = OperatorState.empty(operatorKey.publicKey());
        SignedOperatorRecord forged = SignedOperatorRecord.sign(
                new OperatorRecord(null, T0, List.of(new OperatorEntry.Namespace("example", List.of(alice)))),
                PrivateKey.generateEd25519());
        assertThatThrownBy(() -> state.apply(forged)).hasFieldOrPropertyWithValue("code", "bad-signature");
    }

    @Test
    void enforcesTheChainAndTime() {
        OperatorState empty = OperatorState.empty(operatorKey.publicKey());
        OperatorState state = empty.apply(claim(empty, T0, "example", alice));
        SignedOperatorRecord stale = claim(empty, T0, "other", bob);
        assertThatThrownBy(() -> state.apply(stale)).hasFieldOrPropertyWithValue("code", "stale-prev");
        assertThatThrownBy(() -> state.apply(claim(state, T0.minusSeconds(1), "other", bob)))
                .hasFieldOrPropertyWithValue("code", "time-regression");
    }

    @Test
    void restoreRebuildsAVerifiedState() {
        OperatorState empty = OperatorState.empty(operatorKey.publicKey());
        OperatorState state = empty.apply(claim(empty, T0, "example", alice));
        OperatorState restored = OperatorState.restore(
                operatorKey.publicKey(), state.head(), state.lastTime(), 1, Map.of("example", List.of(alice)));
        assertThat(restored.owners("example")).contains(List.of(alice));
        OperatorState next = restored.apply(claim(restored, T0, "other", bob));
        assertThat(next.recordCount()).isEqualTo(2);
        assertThatThrownBy(() -> OperatorState.restore(
                        operatorKey.publicKey(), null, null, 0, Map.of("foo", List.of(alice), "f-oo", List.of(bob))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    SignedOperatorRecord rotate(
            OperatorState state, Instant time, PrivateKey signer, PublicKey previous, PublicKey next) {
        return SignedOperatorRecord.sign(
                new OperatorRecord(state.head(), time, List.of(new OperatorEntry.KeyRotation(previous, next))), signer);
    }

    @Test
    void aKeyRotationHandsTheRoleToTheNextKey() {
        PrivateKey next = PrivateKey.generateEd25519();
        OperatorState state = OperatorState.empty(operatorKey.publicKey());
        state = state.apply(claim(state, T0, "example", alice));
        SignedOperatorRecord rotation =
                rotate(state, T0.plusSeconds(1), operatorKey, operatorKey.publicKey(), next.publicKey());
        // Through its payload, as a client reads it back.
        assertThat(OperatorRecord.parsePayload(rotation.record().toPayload())).isEqualTo(rotation.record());
        OperatorState rotated = state.apply(rotation);
        assertThat(rotated.operatorKey()).isEqualTo(next.publicKey());
        assertThat(rotated.keys()).containsExactly(operatorKey.publicKey(), next.publicKey());
        assertThat(rotated.owners("example")).contains(List.of(alice));

        // The old key signs nothing more.
        assertThatThrownBy(() -> rotated.apply(claim(rotated, T0.plusSeconds(2), "other", bob)))
                .isInstanceOf(RecordRejectedException.class)
                .hasFieldOrPropertyWithValue("code", "bad-signature");
        SignedOperatorRecord byNext = SignedOperatorRecord.sign(
                new OperatorRecord(
                        rotated.head(), T0.plusSeconds(2), List.of(new OperatorEntry.Namespace("other", List.of(bob)))),
                next);
        assertThat(rotated.apply(byNext).owners("other")).contains(List.of(bob));

        // A reader that knows only the newest key finds the first one in the records.
        assertThat(OperatorState.firstKey(List.of(rotation, byNext), next.publicKey()))
                .isEqualTo(operatorKey.publicKey());
        assertThat(OperatorState.firstKey(List.of(), next.publicKey())).isEqualTo(next.publicKey());
    }

    @Test
    void refusesRotationsThatDoNotFollowTheChain() {
        PrivateKey next = PrivateKey.generateEd25519();
        PrivateKey stranger = PrivateKey.generateEd25519();
        OperatorState state = OperatorState.empty(operatorKey.publicKey());
        // Signed by someone else, naming the operator key as previous.
        assertThatThrownBy(
                        () -> state.apply(rotate(state, T0, stranger, operatorKey.publicKey(), stranger.publicKey())))
                .isInstanceOf(RecordRejectedException.class)
                .hasFieldOrPropertyWithValue("code", "bad-signature");
        // Signed by the operator, but handing over from another key.
        assertThatThrownBy(() -> state.apply(rotate(state, T0, operatorKey, stranger.publicKey(), next.publicKey())))
                .isInstanceOf(RecordRejectedException.class)
                .hasMessageContaining("hands over from");
        // Back to a key that held the role before.
        OperatorState rotated = state.apply(rotate(state, T0, operatorKey, operatorKey.publicKey(), next.publicKey()));
        assertThatThrownBy(() -> rotated.apply(rotate(rotated, T0, next, next.publicKey(), operatorKey.publicKey())))
                .isInstanceOf(RecordRejectedException.class)
                .hasMessageContaining("held the role before");
    }

    @Test
    void aKeyRotationIsAloneInItsRecordAndNamesTwoDistinctEd25519Keys() {
        PublicKey next = PrivateKey.generateEd25519().publicKey();
        assertThatThrownBy(() -> new OperatorRecord(
                        null,
                        T0,
                        List.of(
                                new OperatorEntry.KeyRotation(operatorKey.publicKey(), next),
                                new OperatorEntry.Namespace("example", List.of(alice)))))
                .isInstanceOf(dev.wreg.protocol.ProtocolException.class)
                .hasMessageContaining("only entry");
        assertThatThrownBy(() -> new OperatorEntry.KeyRotation(operatorKey.publicKey(), operatorKey.publicKey()))
                .hasMessageContaining("new key");
        assertThatThrownBy(() -> new OperatorEntry.KeyRotation(operatorKey.publicKey(), bob))
                .hasMessageContaining("ed25519");
    }
}
