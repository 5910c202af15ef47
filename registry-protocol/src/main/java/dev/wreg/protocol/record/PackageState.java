package dev.wreg.protocol.record;

import dev.wreg.protocol.ProtocolException;
import dev.wreg.protocol.RecordRejectedException;
import dev.wreg.protocol.crypto.KeyId;
import dev.wreg.protocol.crypto.PublicKey;
import dev.wreg.protocol.digest.Digest;
import dev.wreg.protocol.dsse.Envelope;
import dev.wreg.protocol.dsse.Signature;
import dev.wreg.protocol.name.PackageName;
import dev.wreg.protocol.version.Version;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * A package log folded into its current state: who may do what, and which versions exist.
 * Immutable: {@link #apply} returns a new state or throws {@link RecordRejectedException}.
 *
 * <p>Rules, checked in this order for each record:
 * <ol>
 *   <li>the record names this package ({@code wrong-package});
 *   <li>it carries exactly one signature ({@code malformed-record});
 *   <li>the signing key is known: a key granted in this package, or, for the first record, an
 *       owner key of the namespace ({@code unauthorized} otherwise);
 *   <li>the signature verifies ({@code bad-signature});
 *   <li>the key has not been revoked of all its permissions ({@code revoked-key});
 *   <li>{@code prev} is the current head, {@code null} for the first record ({@code stale-prev});
 *   <li>{@code time} is not earlier than the previous record's ({@code time-regression});
 *   <li>entries apply in order, each needing a permission the signer holds at that point:
 *       {@code init} only as the first entry of the first record, by a namespace owner
 *       ({@code malformed-record} when misplaced, {@code unauthorized} for a non-owner);
 *       {@code grant}/{@code revoke} need {@code grant}; {@code release} needs {@code release}
 *       and a version never released before, compared by SemVer precedence
 *       ({@code version-exists}); {@code yank}/{@code unyank}/{@code deprecate} need
 *       {@code yank} and a released version ({@code unknown-version}). A key revoked of all its
 *       permissions is dead: it signs nothing afterwards and cannot be granted again
 *       ({@code revoked-key}).
 * </ol>
 * The record is applied as a whole or not at all.
 */
public final class PackageState {

    private final PackageName name;
    private final Digest head;
    private final Instant lastTime;
    private final long recordCount;
    /** Every key ever granted (or init), so a signature can be checked even after revocation. */
    private final Map<KeyId, PublicKey> keys;
    /** Current permissions of live keys (non-empty sets only). */
    private final Map<KeyId, Set<Permission>> permissions;
    /** Keys revoked of all permissions. */
    private final Set<KeyId> dead;
    /** Releases by precedence; a precedence-equal version counts as the same version. */
    private final TreeMap<Version, ReleaseInfo> releases;

    private PackageState(
            PackageName name,
            Digest head,
            Instant lastTime,
            long recordCount,
            Map<KeyId, PublicKey> keys,
            Map<KeyId, Set<Permission>> permissions,
            Set<KeyId> dead,
            TreeMap<Version, ReleaseInfo> releases) {
        this.name = name;
        this.head = head;
        this.lastTime = lastTime;
        this.recordCount = recordCount;
        this.keys = Collections.unmodifiableMap(keys);
        Map<KeyId, Set<Permission>> frozen = new LinkedHashMap<>();
        permissions.forEach((id, set) -> frozen.put(id, Collections.unmodifiableSet(EnumSet.copyOf(set))));
        this.permissions = Collections.unmodifiableMap(frozen);
        this.dead = Collections.unmodifiableSet(dead);
        this.releases = releases;
    }

    /** The state of a package with no records yet. */
    public static PackageState empty(PackageName name) {
        return new PackageState(
                Objects.requireNonNull(name, "name"),
                null,
                null,
                0,
                new LinkedHashMap<>(),
                new LinkedHashMap<>(),
                new LinkedHashSet<>(),
                new TreeMap<>());
    }

    /**
     * Folds a whole log, in order, from the empty state. Throws on the first rejected record.
     */
    public static PackageState replay(PackageName name, List<SignedRecord> records, OperatorState operator) {
        PackageState state = empty(name);
        for (SignedRecord rec : records) {
            state = state.apply(rec, operator);
        }
        return state;
    }

    /** Applies the next record; see the class comment for the rules and rejection codes. */
    public PackageState apply(SignedRecord rec, OperatorState operator) {
        Objects.requireNonNull(rec, "rec");
        Objects.requireNonNull(operator, "operator");
        PackageRecord record = rec.record();
        if (!record.pkg().equals(name)) {
            throw reject("wrong-package", "record is for package " + record.pkg() + ", not " + name);
        }
        Envelope envelope = rec.envelope();
        if (envelope.signatures().size() != 1) {
            throw reject(
                    "malformed-record",
                    "a package record carries exactly one signature, this one has "
                            + envelope.signatures().size());
        }
        Signature signature = envelope.signatures().getFirst();
        KeyId signerId;
        try {
            signerId = signature.keyId();
        } catch (ProtocolException e) {
            throw reject("malformed-record", "the signature's keyid is not a key ID: " + e.getMessage());
        }
        PublicKey signer = keys.get(signerId);
        boolean first = head == null;
        if (signer == null && first) {
            signer = operator.owners(name.namespace()).orElse(List.of()).stream()
                    .filter(k -> k.keyId().equals(signerId))
                    .findFirst()
                    .orElse(null);
        }
        if (signer == null) {
            throw reject(
                    "unauthorized",
                    first
                            ? "key " + signerId + " is not an owner of namespace " + name.namespace()
                                    + (operator.owners(name.namespace()).isEmpty()
                                            ? " (the namespace is not claimed)"
                                            : "")
                            : "key " + signerId + " has no permissions in package " + name);
        }
        if (!envelope.verifiedBy(signer)) {
            throw reject("bad-signature", "the signature by key " + signerId + " does not verify");
        }
        if (dead.contains(signerId)) {
            throw reject("revoked-key", "key " + signerId + " was revoked and may not sign records of " + name);
        }
        if (!Objects.equals(record.prev(), head)) {
            throw reject(
                    "stale-prev",
                    first
                            ? "the first record of " + name + " must have prev null, not " + record.prev()
                            : "record prev is " + record.prev() + " but the head of " + name + " is " + head);
        }
        if (lastTime != null && record.time().isBefore(lastTime)) {
            throw reject(
                    "time-regression",
                    "record time " + record.time() + " is earlier than the previous record's " + lastTime);
        }

        Map<KeyId, PublicKey> nextKeys = new LinkedHashMap<>(keys);
        Map<KeyId, Set<Permission>> nextPermissions = new LinkedHashMap<>();
        permissions.forEach((id, set) -> nextPermissions.put(id, EnumSet.copyOf(set)));
        Set<KeyId> nextDead = new LinkedHashSet<>(dead);
        TreeMap<Version, ReleaseInfo> nextReleases = new TreeMap<>(releases);

        List<Entry> entries = record.entries();
        if (first && !(entries.getFirst() instanceof Entry.Init)) {
            throw reject("malformed-record", "the first record of " + name + " must begin with an init entry");
        }
        for (int i = 0; i < entries.size(); i++) {
            Entry entry = entries.get(i);
            switch (entry) {
                case Entry.Init init -> {
                    if (!first || i != 0) {
                        throw reject("malformed-record", "init may only be the first entry of the first record");
                    }
                    List<PublicKey> owners = operator.owners(name.namespace()).orElse(List.of());
                    if (!owners.contains(signer)) {
                        throw reject(
                                "unauthorized", "only an owner of namespace " + name.namespace() + " may init " + name);
                    }
                    KeyId id = init.key().keyId();
                    nextKeys.put(id, init.key());
                    nextPermissions.put(id, EnumSet.allOf(Permission.class));
                }
                case Entry.Grant grant -> {
                    require(signerId, Permission.GRANT, nextPermissions, nextDead, "grant");
                    KeyId id = grant.key().keyId();
                    if (nextDead.contains(id)) {
                        throw reject("revoked-key", "key " + id + " was revoked and cannot be granted again");
                    }
                    nextKeys.put(id, grant.key());
                    nextPermissions
                            .computeIfAbsent(id, k -> EnumSet.noneOf(Permission.class))
                            .addAll(grant.permissions());
                }
                case Entry.Revoke revoke -> {
                    require(signerId, Permission.GRANT, nextPermissions, nextDead, "revoke");
                    KeyId id = revoke.keyId();
                    if (!nextKeys.containsKey(id)) {
                        throw reject(
                                "malformed-record", "revoke names key " + id + ", which " + name + " never granted");
                    }
                    Set<Permission> held = nextPermissions.get(id);
                    if (held != null) {
                        held.removeAll(revoke.permissions());
                        if (held.isEmpty()) {
                            nextPermissions.remove(id);
                            nextDead.add(id);
                        }
                    }
                }
                case Entry.Release release -> {
                    require(signerId, Permission.RELEASE, nextPermissions, nextDead, "release");
                    ReleaseInfo existing = nextReleases.get(release.version());
                    if (existing != null) {
                        throw reject(
                                "version-exists",
                                name + "@" + existing.version() + " already exists; a version is never reused"
                                        + (existing.yanked() ? " (not even after a yank)" : ""));
                    }
                    nextReleases.put(
                            release.version(),
                            new ReleaseInfo(
                                    release.version(),
                                    release.content(),
                                    release.size(),
                                    rec.id(),
                                    record.time(),
                                    false,
                                    null,
                                    null));
                }
                case Entry.Yank yank -> {
                    require(signerId, Permission.YANK, nextPermissions, nextDead, "yank");
                    ReleaseInfo info = released(nextReleases, yank.version());
                    nextReleases.put(info.version(), info.withYank(true, yank.reason()));
                }
                case Entry.Unyank unyank -> {
                    require(signerId, Permission.YANK, nextPermissions, nextDead, "unyank");
                    ReleaseInfo info = released(nextReleases, unyank.version());
                    nextReleases.put(info.version(), info.withYank(false, null));
                }
                case Entry.Deprecate deprecate -> {
                    require(signerId, Permission.YANK, nextPermissions, nextDead, "deprecate");
                    ReleaseInfo info = released(nextReleases, deprecate.version());
                    nextReleases.put(info.version(), info.withDeprecation(deprecate.message()));
                }
            }
        }
        return new PackageState(
                name, rec.id(), record.time(), recordCount + 1, nextKeys, nextPermissions, nextDead, nextReleases);
    }

    private void require(
            KeyId signer,
            Permission permission,
            Map<KeyId, Set<Permission>> current,
            Set<KeyId> deadNow,
            String action) {
        if (deadNow.contains(signer)) {
            // The record revoked its own signer earlier on; nothing after that may pass.
            throw reject("revoked-key", "key " + signer + " was revoked and may not " + action);
        }
        Set<Permission> held = current.get(signer);
        if (held == null || !held.contains(permission)) {
            throw reject(
                    "unauthorized",
                    "key " + signer + " lacks the \"" + permission.jsonName() + "\" permission needed to " + action
                            + " in " + name);
        }
    }

    private ReleaseInfo released(TreeMap<Version, ReleaseInfo> current, Version version) {
        ReleaseInfo info = current.get(version);
        if (info == null) {
            throw reject("unknown-version", name + "@" + version + " was never released");
        }
        return info;
    }

    private static RecordRejectedException reject(String code, String message) {
        return new RecordRejectedException(code, message);
    }

    public PackageName name() {
        return name;
    }

    /** ID of the last applied record; {@code null} when the package has none. */
    public Digest head() {
        return head;
    }

    /** Time of the last applied record; {@code null} when the package has none. */
    public Instant lastTime() {
        return lastTime;
    }

    public long recordCount() {
        return recordCount;
    }

    /** Current permissions of every key that holds at least one. */
    public Map<KeyId, Set<Permission>> permissions() {
        return permissions;
    }

    /** Every key ever named by init or grant, revoked or not. */
    public Map<KeyId, PublicKey> keys() {
        return keys;
    }

    /** Keys revoked of all permissions; they sign nothing any more. */
    public Set<KeyId> revokedKeys() {
        return dead;
    }

    /** All releases, ordered by version precedence. */
    public List<ReleaseInfo> releases() {
        return List.copyOf(releases.values());
    }

    /** The release of {@code version} (compared by precedence, build metadata ignored). */
    public Optional<ReleaseInfo> release(Version version) {
        return Optional.ofNullable(releases.get(version));
    }

    /** The highest non-yanked release version, else the highest non-yanked prerelease. */
    public Optional<Version> latest() {
        Version fallback = null;
        for (ReleaseInfo info : releases.descendingMap().values()) {
            if (info.yanked()) {
                continue;
            }
            if (!info.version().isPrerelease()) {
                return Optional.of(info.version());
            }
            if (fallback == null) {
                fallback = info.version();
            }
        }
        return Optional.ofNullable(fallback);
    }

    /** The non-yanked versions, ordered by precedence (what a resolver chooses among). */
    public List<Version> availableVersions() {
        List<Version> out = new ArrayList<>();
        for (ReleaseInfo info : releases.values()) {
            if (!info.yanked()) {
                out.add(info.version());
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return "PackageState[" + name + ", records=" + recordCount + ", head=" + head + ", releases=" + releases.size()
                + "]";
    }
}
