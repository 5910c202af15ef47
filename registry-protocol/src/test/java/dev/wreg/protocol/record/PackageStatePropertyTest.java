package dev.wreg.protocol.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import dev.wreg.protocol.RecordRejectedException;
import dev.wreg.protocol.crypto.KeyId;
import dev.wreg.protocol.crypto.PrivateKey;
import dev.wreg.protocol.digest.Digest;
import dev.wreg.protocol.dsse.Envelope;
import dev.wreg.protocol.dsse.Signature;
import dev.wreg.protocol.name.PackageName;
import dev.wreg.protocol.version.Version;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;

/**
 * Random sequences of records, signed by the owner, by keys that get granted and revoked, and by
 * a stranger, some with broken signatures, stale {@code prev} or earlier times. Each record is
 * checked against a small independent model of the rules, and the security invariants are
 * asserted directly: no key releases without the permission, a fully revoked key signs nothing
 * afterwards, the chain and time only move forward, versions are never reused.
 */
class PackageStatePropertyTest {

    static final PackageName PKG = PackageName.parse("example:widget");
    static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");

    /** 0 = namespace owner, 1..3 = keys that may be granted, 4 = a stranger never granted. */
    static final List<PrivateKey> KEYS = List.of(
            PrivateKey.generateEd25519(),
            PrivateKey.generateEd25519(),
            PrivateKey.generateEcdsaP256(),
            PrivateKey.generateEcdsaP256(),
            PrivateKey.generateEd25519());

    static final int STRANGER = 4;
    static final PrivateKey OPERATOR_KEY = PrivateKey.generateEd25519();
    static final OperatorState OPERATOR = OperatorState.empty(OPERATOR_KEY.publicKey())
            .apply(SignedOperatorRecord.sign(
                    new OperatorRecord(
                            null,
                            T0,
                            List.of(new OperatorEntry.Namespace(
                                    "example", List.of(KEYS.get(0).publicKey())))),
                    OPERATOR_KEY));

    /** Version texts; "1.0.0+rebuild" has the same precedence as "1.0.0". */
    static final List<String> VERSIONS = List.of("1.0.0", "1.1.0", "2.0.0-rc.1", "2.0.0", "1.0.0+rebuild");

    static final int GRANT = 0, REVOKE = 1, RELEASE = 2, YANK = 3, UNYANK = 4, DEPRECATE = 5, INIT = 6, NONE = 7;

    enum Tamper {
        NONE,
        BAD_SIGNATURE,
        STALE_PREV
    }

    record Action(
            int signer, int kind, int target, int permMask, int version, int timeDelta, Tamper tamper, int kind2) {}

    @Provide
    Arbitrary<List<Action>> actions() {
        Arbitrary<Action> action = Combinators.combine(
                        // 0..4 name a key directly; 5..9 pick among the keys the package knows.
                        Arbitraries.frequency(
                                Tuple.of(1, 0),
                                Tuple.of(1, 1),
                                Tuple.of(1, 2),
                                Tuple.of(1, 3),
                                Tuple.of(1, STRANGER),
                                Tuple.of(10, 5),
                                Tuple.of(3, 6),
                                Tuple.of(3, 7)),
                        Arbitraries.frequency(
                                Tuple.of(5, GRANT),
                                Tuple.of(2, REVOKE),
                                Tuple.of(5, RELEASE),
                                Tuple.of(2, YANK),
                                Tuple.of(1, UNYANK),
                                Tuple.of(1, DEPRECATE),
                                Tuple.of(1, INIT)),
                        Arbitraries.integers().between(0, 3),
                        Arbitraries.frequency(
                                Tuple.of(4, 7),
                                Tuple.of(1, 1),
                                Tuple.of(1, 2),
                                Tuple.of(1, 3),
                                Tuple.of(1, 4),
                                Tuple.of(1, 5),
                                Tuple.of(1, 6)),
                        Arbitraries.integers().between(0, VERSIONS.size() - 1),
                        Arbitraries.frequency(Tuple.of(12, 7), Tuple.of(5, 0), Tuple.of(1, -5)),
                        Arbitraries.frequency(
                                Tuple.of(24, Tamper.NONE),
                                Tuple.of(1, Tamper.BAD_SIGNATURE),
                                Tuple.of(1, Tamper.STALE_PREV)),
                        Arbitraries.frequency(Tuple.of(3, NONE), Tuple.of(1, -1)))
                .as(Action::new)
                .flatMap(a -> a.kind2() == NONE
                        ? Arbitraries.just(a)
                        : Arbitraries.of(GRANT, REVOKE, RELEASE, YANK, UNYANK, DEPRECATE, INIT)
                                .map(k2 -> new Action(
                                        a.signer(),
                                        a.kind(),
                                        a.target(),
                                        a.permMask(),
                                        a.version(),
                                        a.timeDelta(),
                                        a.tamper(),
                                        k2)));
        return action.list().ofMinSize(1).ofMaxSize(40);
    }

    /** The rules, restated as simply as possible; independent of {@link PackageState}. */
    static final class Model {
        final Map<Integer, EnumSet<Permission>> perms = new HashMap<>();
        final Set<Integer> known = new HashSet<>();
        final Set<Integer> dead = new HashSet<>();
        final Map<String, Boolean> yankedByPrecedence = new LinkedHashMap<>();

        Model copy() {
            Model m = new Model();
            perms.forEach((k, v) -> m.perms.put(k, EnumSet.copyOf(v)));
            m.known.addAll(known);
            m.dead.addAll(dead);
            m.yankedByPrecedence.putAll(yankedByPrecedence);
            return m;
        }

        boolean holds(int key, Permission p) {
            return perms.getOrDefault(key, EnumSet.noneOf(Permission.class)).contains(p);
        }

        /** Applies one entry; returns a rejection code or null. */
        String entry(int signer, int kind, int target, Set<Permission> ps, String version) {
            String precedence = version.replaceAll("\\+.*", "");
            Permission needed = switch (kind) {
                case GRANT, REVOKE -> Permission.GRANT;
                case RELEASE -> Permission.RELEASE;
                case YANK, UNYANK, DEPRECATE -> Permission.YANK;
                default -> null;
            };
            if (kind == INIT) {
                return "malformed-record"; // only ever generated after the first record
            }
            if (dead.contains(signer)) {
                return "revoked-key";
            }
            if (!holds(signer, needed)) {
                return "unauthorized";
            }
            switch (kind) {
                case GRANT -> {
                    if (dead.contains(target)) {
                        return "revoked-key";
                    }
                    known.add(target);
                    perms.computeIfAbsent(target, k -> EnumSet.noneOf(Permission.class))
                            .addAll(ps);
                }
                case REVOKE -> {
                    if (!known.contains(target)) {
                        return "malformed-record";
                    }
                    EnumSet<Permission> held = perms.get(target);
                    if (held != null) {
                        held.removeAll(ps);
                        if (held.isEmpty()) {
                            perms.remove(target);
                            dead.add(target);
                        }
                    }
                }
                case RELEASE -> {
                    if (yankedByPrecedence.containsKey(precedence)) {
                        return "version-exists";
                    }
                    yankedByPrecedence.put(precedence, false);
                }
                case YANK, UNYANK, DEPRECATE -> {
                    if (!yankedByPrecedence.containsKey(precedence)) {
                        return "unknown-version";
                    }
                    if (kind != DEPRECATE) {
                        yankedByPrecedence.put(precedence, kind == YANK);
                    }
                }
                default -> throw new IllegalStateException();
            }
            return null;
        }
    }

    static Set<Permission> permissions(int mask) {
        EnumSet<Permission> out = EnumSet.noneOf(Permission.class);
        for (Permission p : Permission.values()) {
            if ((mask & (1 << p.ordinal())) != 0) {
                out.add(p);
            }
        }
        return out;
    }

    static Entry toEntry(int kind, int target, Set<Permission> ps, String version) {
        Version v = Version.parse(version);
        return switch (kind) {
            case GRANT -> new Entry.Grant(KEYS.get(target).publicKey(), ps);
            case REVOKE -> new Entry.Revoke(KEYS.get(target).keyId(), ps);
            case RELEASE ->
                new Entry.Release(v, Digest.sha256(version.getBytes(StandardCharsets.UTF_8)), version.length());
            case YANK -> new Entry.Yank(v, "bad build");
            case UNYANK -> new Entry.Unyank(v);
            case DEPRECATE -> new Entry.Deprecate(v, "use 2.x");
            case INIT -> new Entry.Init(KEYS.get(target).publicKey());
            default -> throw new IllegalArgumentException("kind " + kind);
        };
    }

    static SignedRecord corruptSignature(SignedRecord rec) {
        Envelope e = rec.envelope();
        Signature s = e.signatures().getFirst();
        byte[] sig = s.sig();
        sig[sig.length / 2] ^= 0x10;
        return SignedRecord.of(new Envelope(e.payloadType(), e.payload(), List.of(new Signature(s.keyid(), sig))));
    }

    static PackageState initialised() {
        PackageRecord first = new PackageRecord(
                PKG, null, T0, List.of(new Entry.Init(KEYS.get(0).publicKey())));
        return PackageState.empty(PKG).apply(SignedRecord.sign(first, KEYS.get(0)), OPERATOR);
    }

    @Property(tries = 100)
    void randomHistoriesFollowTheRules(@ForAll("actions") List<Action> actions) {
        PackageState state = initialised();
        Model model = new Model();
        model.known.add(0);
        model.perms.put(0, EnumSet.allOf(Permission.class));
        Set<Integer> deadSoFar = new HashSet<>();
        List<String> releasedPrecedences = new ArrayList<>();
        Instant time = T0;

        for (Action a : actions) {
            int signer = a.signer() < KEYS.size()
                    ? a.signer()
                    : model.known.stream().sorted().toList().get((a.signer() - KEYS.size()) % model.known.size());
            Instant recordTime = time.plusSeconds(a.timeDelta());
            Set<Permission> ps = permissions(a.permMask());
            String version = VERSIONS.get(a.version());
            String version2 = VERSIONS.get((a.version() + 1) % VERSIONS.size());
            List<Entry> entries = new ArrayList<>();
            entries.add(toEntry(a.kind(), a.target(), ps, version));
            if (a.kind2() != NONE) {
                entries.add(toEntry(a.kind2(), a.target(), ps, version2));
            }
            Digest prev = a.tamper() == Tamper.STALE_PREV
                    ? Digest.sha256(("not the head " + state.recordCount()).getBytes(StandardCharsets.UTF_8))
                    : state.head();
            SignedRecord rec = SignedRecord.sign(new PackageRecord(PKG, prev, recordTime, entries), KEYS.get(signer));
            if (a.tamper() == Tamper.BAD_SIGNATURE) {
                rec = corruptSignature(rec);
            }

            // What the model expects, in the order the rules are documented.
            Model next = model.copy();
            String expected;
            if (!model.known.contains(signer)) {
                expected = "unauthorized";
            } else if (a.tamper() == Tamper.BAD_SIGNATURE) {
                expected = "bad-signature";
            } else if (model.dead.contains(signer)) {
                expected = "revoked-key";
            } else if (a.tamper() == Tamper.STALE_PREV) {
                expected = "stale-prev";
            } else if (recordTime.isBefore(time)) {
                expected = "time-regression";
            } else {
                expected = next.entry(signer, a.kind(), a.target(), ps, version);
                if (expected == null && a.kind2() != NONE) {
                    expected = next.entry(signer, a.kind2(), a.target(), ps, version2);
                }
            }

            PackageState before = state;
            String actual;
            PackageState after = null;
            try {
                after = state.apply(rec, OPERATOR);
                actual = null;
            } catch (RecordRejectedException e) {
                actual = e.code();
            }
            assertThat(actual).as("outcome of %s signed by key %d", a, signer).isEqualTo(expected);
            Statistics.label("outcome").collect(actual == null ? "accepted" : actual);

            if (after == null) {
                assertThat(before.recordCount()).isEqualTo(state.recordCount());
                continue;
            }
            // Invariants, stated directly rather than through the model.
            // Walk the entries again: at each release, the signer held "release" at that point
            // (a key holding "grant" may grant itself "release" earlier in the same record).
            Model step = model.copy();
            int[] kinds = a.kind2() == NONE ? new int[] {a.kind()} : new int[] {a.kind(), a.kind2()};
            String[] versions = {version, version2};
            for (int i = 0; i < kinds.length; i++) {
                if (kinds[i] == RELEASE) {
                    assertThat(step.holds(signer, Permission.RELEASE) && !step.dead.contains(signer))
                            .as("an accepted release was signed by a key holding release at that point")
                            .isTrue();
                }
                assertThat(step.entry(signer, kinds[i], a.target(), ps, versions[i]))
                        .isNull();
            }
            assertThat(deadSoFar).as("a fully revoked key signed a record").doesNotContain(signer);
            assertThat(rec.record().prev()).isEqualTo(before.head());
            assertThat(after.head()).isEqualTo(rec.id());
            assertThat(after.lastTime()).isAfterOrEqualTo(before.lastTime());
            assertThat(after.recordCount()).isEqualTo(before.recordCount() + 1);
            for (Entry e : entries) {
                if (e instanceof Entry.Release r) {
                    releasedPrecedences.add(r.version().withoutBuild().toString());
                }
            }
            assertThat(releasedPrecedences).doesNotHaveDuplicates();

            state = after;
            model = next;
            time = recordTime;
            deadSoFar.addAll(model.dead);

            Map<KeyId, Set<Permission>> expectedPerms = new HashMap<>();
            model.perms.forEach((k, v) -> expectedPerms.put(KEYS.get(k).keyId(), v));
            assertThat(state.permissions()).isEqualTo(expectedPerms);
            assertThat(state.releases()).hasSize(model.yankedByPrecedence.size());
            for (ReleaseInfo info : state.releases()) {
                assertThat(info.yanked())
                        .isEqualTo(model.yankedByPrecedence.get(
                                info.version().withoutBuild().toString()));
            }
        }
    }

    @Property(tries = 50)
    void onlyANamespaceOwnerCanInit(@ForAll("signers") int signer, @ForAll("signers") int initKey) {
        PackageRecord first = new PackageRecord(
                PKG, null, T0, List.of(new Entry.Init(KEYS.get(initKey).publicKey())));
        SignedRecord rec = SignedRecord.sign(first, KEYS.get(signer));
        try {
            PackageState state = PackageState.empty(PKG).apply(rec, OPERATOR);
            assertThat(signer).as("only the owner's init is accepted").isZero();
            assertThat(state.permissions()).containsOnlyKeys(KEYS.get(initKey).keyId());
        } catch (RecordRejectedException e) {
            if (signer == 0) {
                fail("the owner's init was refused: " + e.getMessage());
            }
            assertThat(e.code()).isEqualTo("unauthorized");
        }
    }

    @Provide
    Arbitrary<Integer> signers() {
        return Arbitraries.integers().between(0, KEYS.size() - 1);
    }

    @Property(tries = 40)
    void aFullyRevokedKeySignsNothingAfterwards(
            @ForAll("grantable") int key,
            @ForAll("permissionMasks") int granted,
            @ForAll("actions") List<Action> attempts) {
        PackageState state = initialised();
        Instant time = T0;
        state = state.apply(
                SignedRecord.sign(
                        new PackageRecord(
                                PKG,
                                state.head(),
                                time,
                                List.of(new Entry.Grant(KEYS.get(key).publicKey(), permissions(granted)))),
                        KEYS.get(0)),
                OPERATOR);
        // Revoke in two steps when possible, so a partial revoke is exercised too.
        for (Permission p : permissions(granted)) {
            state = state.apply(
                    SignedRecord.sign(
                            new PackageRecord(
                                    PKG,
                                    state.head(),
                                    time,
                                    List.of(new Entry.Revoke(KEYS.get(key).keyId(), Set.of(p)))),
                            KEYS.get(0)),
                    OPERATOR);
        }
        assertThat(state.revokedKeys()).contains(KEYS.get(key).keyId());
        assertThat(state.permissions()).doesNotContainKey(KEYS.get(key).keyId());
        for (Action a : attempts) {
            List<Entry> entries = List.of(toEntry(
                    a.kind() == INIT ? GRANT : a.kind(),
                    a.target(),
                    permissions(a.permMask()),
                    VERSIONS.get(a.version())));
            SignedRecord rec = SignedRecord.sign(
                    new PackageRecord(PKG, state.head(), time.plusSeconds(1), entries), KEYS.get(key));
            PackageState current = state;
            assertThatThrownBy(() -> current.apply(rec, OPERATOR))
                    .isInstanceOf(RecordRejectedException.class)
                    .hasFieldOrPropertyWithValue("code", "revoked-key");
            // Nor can anyone bring the key back.
            SignedRecord regrant = SignedRecord.sign(
                    new PackageRecord(
                            PKG,
                            state.head(),
                            time,
                            List.of(new Entry.Grant(KEYS.get(key).publicKey(), permissions(a.permMask())))),
                    KEYS.get(0));
            assertThatThrownBy(() -> current.apply(regrant, OPERATOR))
                    .hasFieldOrPropertyWithValue("code", "revoked-key");
        }
    }

    @Provide
    Arbitrary<Integer> grantable() {
        return Arbitraries.integers().between(1, 3);
    }

    @Provide
    Arbitrary<Integer> permissionMasks() {
        return Arbitraries.integers().between(1, 7);
    }
}
