package dev.wreg.protocol.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wreg.protocol.RecordRejectedException;
import dev.wreg.protocol.crypto.PrivateKey;
import dev.wreg.protocol.digest.Digest;
import dev.wreg.protocol.dsse.Envelope;
import dev.wreg.protocol.dsse.Signature;
import dev.wreg.protocol.name.PackageName;
import dev.wreg.protocol.version.Version;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
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

    static void rejected(ThrowingCallable call, String code) {
        assertThatThrownBy(call).isInstanceOf(RecordRejectedException.class).hasFieldOrPropertyWithValue("code", code);
    }

    @Test
    void rejectsRecordsForAnotherPackage() {
        PackageState state = initialised();
        SignedRecord rec = SignedRecord.sign(
                new PackageRecord(PackageName.parse("example:other"), state.head(), T0, List.of(release("2.0.0"))),
                owner);
        rejected(() -> state.apply(rec, operator), "wrong-package");
    }

    @Test
    void rejectsBadSignatures() {
        PackageState state = initialised();
        SignedRecord good = next(state, owner, T0, release("2.0.0"));
        byte[] sig = good.envelope().signatures().getFirst().sig();
        sig[5] ^= 0x40;
        Envelope forged = new Envelope(
                good.envelope().payloadType(),
                good.envelope().payload(),
                List.of(new Signature(owner.keyId().value(), sig)));
        rejected(() -> state.apply(SignedRecord.of(forged), operator), "bad-signature");
        // A valid signature by one key presented under another key's ID does not verify either.
        Envelope byOther =
                Envelope.sign(Envelope.RECORD_PAYLOAD_TYPE, good.envelope().payload(), other);
        Envelope relabelled = new Envelope(
                byOther.payloadType(),
                byOther.payload(),
                List.of(new Signature(
                        owner.keyId().value(), byOther.signatures().getFirst().sig())));
        rejected(() -> state.apply(SignedRecord.of(relabelled), operator), "bad-signature");
    }

    @Test
    void refusesAKeyidThatIsNotAKeyId() {
        PackageState state = initialised();
        SignedRecord good = next(state, owner, T0, release("2.0.0"));
        Envelope odd = new Envelope(
                good.envelope().payloadType(),
                good.envelope().payload(),
                List.of(new Signature(
                        "owner", good.envelope().signatures().getFirst().sig())));
        rejected(() -> state.apply(SignedRecord.of(odd), operator), "malformed-record");
    }

    @Test
    void requiresExactlyOneSignature() {
        PackageState state = initialised();
        SignedRecord single = next(state, owner, T0, release("2.0.0"));
        SignedRecord twice = SignedRecord.of(single.envelope().addSignature(other));
        rejected(() -> state.apply(twice, operator), "malformed-record");
    }

    @Test
    void unknownKeysAreUnauthorized() {
        PackageState state = initialised();
        rejected(() -> state.apply(next(state, other, T0, release("2.0.0")), operator), "unauthorized");
        // A namespace owner has no implicit rights beyond init: once it is not a package key, it is a stranger.
        PrivateKey secondOwner = PrivateKey.generateEd25519();
        OperatorState twoOwners = operator.apply(SignedOperatorRecord.sign(
                new OperatorRecord(
                        operator.head(),
                        T0,
                        List.of(new OperatorEntry.Namespace(
                                "example", List.of(owner.publicKey(), secondOwner.publicKey())))),
                operatorKey));
        rejected(() -> state.apply(next(state, secondOwner, T0, release("2.0.0")), twoOwners), "unauthorized");
    }

    @Test
    void permissionsAreCheckedPerEntryKind() {
        PackageState state = initialised();
        state = state.apply(
                next(state, owner, T0, new Entry.Grant(other.publicKey(), Set.of(Permission.YANK))), operator);
        PackageState granted = state;
        rejected(() -> granted.apply(next(granted, other, T0, release("2.0.0")), operator), "unauthorized");
        rejected(
                () -> granted.apply(
                        next(granted, other, T0, new Entry.Grant(other.publicKey(), Set.of(Permission.RELEASE))),
                        operator),
                "unauthorized");
        rejected(
                () -> granted.apply(
                        next(granted, other, T0, new Entry.Revoke(owner.keyId(), Set.of(Permission.RELEASE))),
                        operator),
                "unauthorized");
        PackageState yanked =
                granted.apply(next(granted, other, T0, new Entry.Yank(Version.parse("1.0.0"), "oops")), operator);
        assertThat(yanked.release(Version.parse("1.0.0")).orElseThrow().yanked())
                .isTrue();
        assertThat(yanked.release(Version.parse("1.0.0")).orElseThrow().yankReason())
                .isEqualTo("oops");
        PackageState unyanked =
                yanked.apply(next(yanked, other, T0, new Entry.Unyank(Version.parse("1.0.0"))), operator);
        assertThat(unyanked.release(Version.parse("1.0.0")).orElseThrow().yanked())
                .isFalse();
        PackageState deprecated = unyanked.apply(
                next(unyanked, other, T0, new Entry.Deprecate(Version.parse("1.0.0"), "use 2")), operator);
        assertThat(deprecated.release(Version.parse("1.0.0")).orElseThrow().deprecated())
                .isEqualTo("use 2");
    }

    @Test
    void aRecordIsAppliedWholeOrNotAtAll() {
        PackageState state = initialised();
        SignedRecord halfBad = next(state, owner, T0, release("2.0.0"), new Entry.Yank(Version.parse("9.9.9"), "x"));
        rejected(() -> state.apply(halfBad, operator), "unknown-version");
        assertThat(state.release(Version.parse("2.0.0"))).isEmpty();
        assertThat(state.recordCount()).isEqualTo(1);
    }

    @Test
    void entriesApplyInOrderWithinARecord() {
        PackageState state = initialised();
        // The owner revokes its own grant permission, then tries to grant: refused at that point.
        SignedRecord rec = next(
                state,
                owner,
                T0,
                new Entry.Revoke(owner.keyId(), Set.of(Permission.GRANT)),
                new Entry.Grant(other.publicKey(), Set.of(Permission.RELEASE)));
        rejected(() -> state.apply(rec, operator), "unauthorized");
        // Revoking itself entirely, then releasing: the key is dead from that entry on.
        SignedRecord suicide = next(
                state, owner, T0, new Entry.Revoke(owner.keyId(), EnumSet.allOf(Permission.class)), release("3.0.0"));
        rejected(() -> state.apply(suicide, operator), "revoked-key");
        // Release then yank in one record works.
        PackageState both = state.apply(
                next(state, owner, T0, release("3.0.0"), new Entry.Yank(Version.parse("3.0.0"), "r")), operator);
        assertThat(both.release(Version.parse("3.0.0")).orElseThrow().yanked()).isTrue();
    }

    @Test
    void prevMustBeTheHead() {
        PackageState state = initialised();
        SignedRecord stale = SignedRecord.sign(new PackageRecord(PKG, null, T0, List.of(release("2.0.0"))), owner);
        rejected(() -> state.apply(stale, operator), "stale-prev");
        SignedRecord elsewhere =
                SignedRecord.sign(new PackageRecord(PKG, blob("x"), T0, List.of(release("2.0.0"))), owner);
        rejected(() -> state.apply(elsewhere, operator), "stale-prev");
        PackageRecord firstWithPrev = new PackageRecord(PKG, blob("x"), T0, List.of(new Entry.Init(owner.publicKey())));
        rejected(() -> PackageState.empty(PKG).apply(SignedRecord.sign(firstWithPrev, owner), operator), "stale-prev");
        // Replaying an already applied record is stale too.
        PackageState after = state.apply(next(state, owner, T0, release("2.0.0")), operator);
        SignedRecord again = next(state, owner, T0, release("2.0.1"));
        rejected(() -> after.apply(again, operator), "stale-prev");
    }

    @Test
    void timeNeverGoesBack() {
        PackageState state = initialised();
        rejected(
                () -> state.apply(next(state, owner, T0.minusMillis(1), release("2.0.0")), operator),
                "time-regression");
        assertThat(state.apply(next(state, owner, T0, release("2.0.0")), operator)
                        .lastTime())
                .isEqualTo(T0);
    }

    @Test
    void yankNeedsAReleasedVersion() {
        PackageState state = initialised();
        rejected(
                () -> state.apply(next(state, owner, T0, new Entry.Yank(Version.parse("1.0.1"), "x")), operator),
                "unknown-version");
        rejected(
                () -> state.apply(next(state, owner, T0, new Entry.Unyank(Version.parse("1.0.1"))), operator),
                "unknown-version");
        rejected(
                () -> state.apply(next(state, owner, T0, new Entry.Deprecate(Version.parse("1.0.1"), "x")), operator),
                "unknown-version");
    }

    @Test
    void initOnlyFirst() {
        PackageState state = initialised();
        rejected(
                () -> state.apply(next(state, owner, T0, new Entry.Init(owner.publicKey())), operator),
                "malformed-record");
        PackageRecord noInit = new PackageRecord(PKG, null, T0, List.of(release("1.0.0")));
        rejected(() -> PackageState.empty(PKG).apply(SignedRecord.sign(noInit, owner), operator), "malformed-record");
        PackageRecord initSecond = new PackageRecord(
                PKG, null, T0, List.of(new Entry.Init(owner.publicKey()), new Entry.Init(owner.publicKey())));
        rejected(
                () -> PackageState.empty(PKG).apply(SignedRecord.sign(initSecond, owner), operator),
                "malformed-record");
    }

    @Test
    void initNeedsAClaimedNamespace() {
        PackageName elsewhere = PackageName.parse("unclaimed:pkg");
        PackageRecord first = new PackageRecord(elsewhere, null, T0, List.of(new Entry.Init(owner.publicKey())));
        assertThatThrownBy(() -> PackageState.empty(elsewhere).apply(SignedRecord.sign(first, owner), operator))
                .hasFieldOrPropertyWithValue("code", "unauthorized")
                .hasMessageContaining("not claimed");
        // A look-alike namespace is not the claimed one.
        PackageName lookAlike = PackageName.parse("ex-ample:pkg");
        PackageRecord spoof = new PackageRecord(lookAlike, null, T0, List.of(new Entry.Init(owner.publicKey())));
        rejected(() -> PackageState.empty(lookAlike).apply(SignedRecord.sign(spoof, owner), operator), "unauthorized");
    }

    @Test
    void ownerMayHandThePackageToAnotherKeyAtInit() {
        PackageRecord first = new PackageRecord(PKG, null, T0, List.of(new Entry.Init(other.publicKey())));
        PackageState state = PackageState.empty(PKG).apply(SignedRecord.sign(first, owner), operator);
        assertThat(state.permissions()).containsOnlyKeys(other.keyId());
        assertThat(state.apply(next(state, other, T0, release("1.0.0")), operator)
                        .latest())
                .contains(Version.parse("1.0.0"));
    }

    @Test
    void revokingAnUnknownKeyIsMalformed() {
        PackageState state = initialised();
        rejected(
                () -> state.apply(
                        next(state, owner, T0, new Entry.Revoke(other.keyId(), Set.of(Permission.YANK))), operator),
                "malformed-record");
    }

    @Test
    void latestPrefersReleasesOverPrereleasesAndSkipsYanked() {
        PackageState state = initialised();
        state = state.apply(next(state, owner, T0, release("2.0.0-rc.1"), release("1.5.0")), operator);
        assertThat(state.latest()).contains(Version.parse("1.5.0"));
        state = state.apply(
                next(
                        state,
                        owner,
                        T0,
                        new Entry.Yank(Version.parse("1.5.0"), "x"),
                        new Entry.Yank(Version.parse("1.0.0"), "x")),
                operator);
        assertThat(state.latest()).contains(Version.parse("2.0.0-rc.1"));
        assertThat(state.releases())
                .extracting(r -> r.version().toString())
                .containsExactly("1.0.0", "1.5.0", "2.0.0-rc.1");
        assertThat(state.availableVersions()).containsExactly(Version.parse("2.0.0-rc.1"));
    }

    @Test
    void replayFoldsAWholeLog() {
        PackageRecord first =
                new PackageRecord(PKG, null, T0, List.of(new Entry.Init(owner.publicKey()), release("1.0.0")));
        SignedRecord r1 = SignedRecord.sign(first, owner);
        SignedRecord r2 =
                SignedRecord.sign(new PackageRecord(PKG, r1.id(), T0.plusSeconds(5), List.of(release("1.1.0"))), owner);
        PackageState state = PackageState.replay(PKG, List.of(r1, r2), operator);
        assertThat(state.recordCount()).isEqualTo(2);
        assertThat(state.head()).isEqualTo(r2.id());
        assertThat(state.latest()).contains(Version.parse("1.1.0"));
    }
}
