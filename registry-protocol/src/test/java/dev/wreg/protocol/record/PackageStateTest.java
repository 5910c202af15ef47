package dev.wreg.protocol.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wreg.protocol.RecordRejectedException;
import dev.wreg.protocol.crypto.PrivateKey;
import dev.wreg.protocol.digest.Digest;
import dev.wreg.protocol.dsse.Envelope;
import dev.wreg.protocol.name.PackageName;
import dev.wreg.protocol.version.Version;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PackageStateTest {

    static final PackageName PKG = PackageName.parse("example:hello");
    static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");

    final PrivateKey operatorKey = PrivateKey.generateEd25519();
    final PrivateKey owner = PrivateKey.generateEd25519();
    final PrivateKey other = PrivateKey.generateEcdsaP256();
    final OperatorState operator = OperatorState.empty(operatorKey.publicKey())
            .apply(SignedOperatorRecord.sign(
                    new OperatorRecord(
                            null, T0, List.of(new OperatorEntry.Namespace("example", List.of(owner.publicKey())))),
                    operatorKey));

    static Digest blob(String text) {
        return Digest.sha256(text.getBytes(StandardCharsets.UTF_8));
    }

    static Entry.Release release(String version) {
        return new Entry.Release(Version.parse(version), blob(version), 10);
    }

    PackageState initialised() {
        PackageRecord first =
                new PackageRecord(PKG, null, T0, List.of(new Entry.Init(owner.publicKey()), release("1.0.0")));
        return PackageState.empty(PKG).apply(SignedRecord.sign(first, owner), operator);
    }

    SignedRecord next(PackageState state, PrivateKey key, Instant time, Entry... entries) {
        return SignedRecord.sign(new PackageRecord(PKG, state.head(), time, List.of(entries)), key);
    }

    @Test
    void ownerInitialisesAndReleases() {
        PackageState state = initialised();
        assertThat(state.recordCount()).isEqualTo(1);
        assertThat(state.latest()).contains(Version.parse("1.0.0"));
        assertThat(state.permissions()).containsEntry(owner.keyId(), EnumSet.allOf(Permission.class));
        assertThat(state.releases()).singleElement().satisfies(r -> {
            assertThat(r.content()).isEqualTo(blob("1.0.0"));
            assertThat(r.recordId()).isEqualTo(state.head());
        });
    }

    @Test
    void strangerCannotInit() {
        PackageRecord first = new PackageRecord(PKG, null, T0, List.of(new Entry.Init(other.publicKey())));
        assertThatThrownBy(() -> PackageState.empty(PKG).apply(SignedRecord.sign(first, other), operator))
                .isInstanceOf(RecordRejectedException.class)
                .hasFieldOrPropertyWithValue("code", "unauthorized");
    }

    @Test
    void grantedKeyReleasesUntilRevoked() {
        PackageState state = initialised();
        state = state.apply(
                next(state, owner, T0, new Entry.Grant(other.publicKey(), Set.of(Permission.RELEASE))), operator);
        state = state.apply(next(state, other, T0.plusSeconds(1), release("1.1.0")), operator);
        assertThat(state.latest()).contains(Version.parse("1.1.0"));
        state = state.apply(
                next(state, owner, T0.plusSeconds(2), new Entry.Revoke(other.keyId(), Set.of(Permission.RELEASE))),
                operator);
        PackageState revoked = state;
        assertThatThrownBy(() -> revoked.apply(next(revoked, other, T0.plusSeconds(3), release("1.2.0")), operator))
                .hasFieldOrPropertyWithValue("code", "revoked-key");
    }

    @Test
    void versionsAreNeverReused() {
        PackageState state = initialised();
        state = state.apply(next(state, owner, T0, new Entry.Yank(Version.parse("1.0.0"), "broken")), operator);
        assertThat(state.latest()).isEmpty();
        PackageState yanked = state;
        assertThatThrownBy(() -> yanked.apply(next(yanked, owner, T0, release("1.0.0+rebuild")), operator))
                .hasFieldOrPropertyWithValue("code", "version-exists");
    }

    @Test
    void envelopeRoundTripKeepsTheRecord() {
        SignedRecord rec = next(initialised(), owner, T0, release("2.0.0"));
        SignedRecord back = SignedRecord.of(Envelope.parse(rec.envelope().toJson()));
        assertThat(back).isEqualTo(rec);
    }
}
