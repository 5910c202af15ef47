package dev.wreg.protocol.record;

import dev.wreg.protocol.RecordRejectedException;
import dev.wreg.protocol.crypto.PublicKey;
import dev.wreg.protocol.digest.Digest;
import dev.wreg.protocol.name.PackageName;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The operator log folded into who owns which namespace. Immutable: {@link #apply} returns a new
 * state. Namespaces are compared on {@link PackageName#canonicalLabel canonical} form: claiming
 * a look-alike of a claimed namespace ({@code f-oo} after {@code foo}) is refused with
 * {@code name-conflict}, while re-declaring the same namespace replaces its owners.
 */
public final class OperatorState {

    private final PublicKey operatorKey;
    /** Every key that has held the operator role, oldest first; the last is {@link #operatorKey}. */
    private final List<PublicKey> keys;

    private final Digest head;
    private final Instant lastTime;
    private final long recordCount;
    /** Namespace → owners, in claim order. */
    private final Map<String, List<PublicKey>> namespaces;
    /** Canonical label → namespace as claimed. */
    private final Map<String, String> canonical;

    private OperatorState(
            List<PublicKey> keys,
            Digest head,
            Instant lastTime,
            long recordCount,
            Map<String, List<PublicKey>> namespaces) {
        this.keys = List.copyOf(keys);
        this.operatorKey = this.keys.getLast();
        this.head = head;
        this.lastTime = lastTime;
        this.recordCount = recordCount;
        Map<String, List<PublicKey>> copy = new LinkedHashMap<>();
        Map<String, String> byCanonical = new LinkedHashMap<>();
        for (Map.Entry<String, List<PublicKey>> e : namespaces.entrySet()) {
            copy.put(e.getKey(), List.copyOf(e.getValue()));
            byCanonical.put(PackageName.canonicalLabel(e.getKey()), e.getKey());
        }
        this.namespaces = Collections.unmodifiableMap(copy);
        this.canonical = Collections.unmodifiableMap(byCanonical);
    }

    /** The state before any operator record, for a log signed by {@code operatorKey}. */
    public static OperatorState empty(PublicKey operatorKey) {
        return new OperatorState(List.of(operatorKey), null, null, 0, Map.of());
    }

    /**
     * The key that signed the first of these records: the {@code previous} of the first key
     * rotation among them, or {@code current} when none rotated the key. Only a guess until the
     * records are {@linkplain #apply applied} from it: a wrong one fails there.
     */
    public static PublicKey firstKey(List<SignedOperatorRecord> records, PublicKey current) {
        for (SignedOperatorRecord record : records) {
            for (OperatorEntry entry : record.record().entries()) {
                if (entry instanceof OperatorEntry.KeyRotation rotation) {
                    return rotation.previous();
                }
            }
        }
        return current;
    }

    /**
     * Folds a whole operator log from its first record, from the key that signed it ({@link
     * #firstKey}), checking every record on the way (a refusal names the record's index in the
     * operator log); the log must end with {@code current} holding the role.
     */
    public static OperatorState replay(List<SignedOperatorRecord> records, PublicKey current) {
        OperatorState state = empty(firstKey(records, current));
        for (int index = 0; index < records.size(); index++) {
            try {
                state = state.apply(records.get(index));
            } catch (RecordRejectedException e) {
                throw new RecordRejectedException(e.code(), "operator record " + index + ": " + e.getMessage());
            }
        }
        if (!state.operatorKey().equals(current)) {
            throw new RecordRejectedException(
                    "bad-signature",
                    "the operator log hands the role to " + state.operatorKey().text() + ", but the registry serves "
                            + current.text());
        }
        return state;
    }

    /**
     * Rebuilds a state that was already verified (for example from a database that only ever
     * stored records that passed {@link #apply}). Nothing is checked but look-alike namespaces.
     */
    public static OperatorState restore(
            PublicKey operatorKey,
            Digest head,
            Instant lastTime,
            long recordCount,
            Map<String, List<PublicKey>> namespaces) {
        OperatorState state = new OperatorState(List.of(operatorKey), head, lastTime, recordCount, namespaces);
        if (state.canonical.size() != state.namespaces.size()) {
            throw new IllegalArgumentException("namespaces contain look-alikes");
        }
        return state;
    }

    /**
     * Applies the next operator record, or throws {@link RecordRejectedException} with
     * {@code bad-signature} (not signed by the operator key), {@code stale-prev},
     * {@code time-regression} or {@code name-conflict}.
     */
    public OperatorState apply(SignedOperatorRecord rec) {
        Objects.requireNonNull(rec, "rec");
        if (!rec.envelope().verifiedBy(operatorKey)) {
            throw new RecordRejectedException(
                    "bad-signature", "operator record " + rec.id() + " is not signed by the operator key");
        }
        OperatorRecord record = rec.record();
        if (!Objects.equals(record.prev(), head)) {
            throw new RecordRejectedException(
                    "stale-prev", "operator record prev is " + record.prev() + " but the operator log head is " + head);
        }
        if (lastTime != null && record.time().isBefore(lastTime)) {
            throw new RecordRejectedException(
                    "time-regression",
                    "operator record time " + record.time() + " is earlier than the previous record's " + lastTime);
        }
        Map<String, List<PublicKey>> next = new LinkedHashMap<>(namespaces);
        Map<String, String> nextCanonical = new LinkedHashMap<>(canonical);
        List<PublicKey> nextKeys = keys;
        for (OperatorEntry entry : record.entries()) {
            switch (entry) {
                case OperatorEntry.KeyRotation rotation -> {
                    if (!rotation.previous().equals(operatorKey)) {
                        throw new RecordRejectedException(
                                "malformed-record",
                                "operator record " + rec.id() + " hands over from "
                                        + rotation.previous().text() + " but the operator key is "
                                        + operatorKey.text());
                    }
                    if (keys.contains(rotation.next())) {
                        throw new RecordRejectedException(
                                "malformed-record",
                                "operator record " + rec.id() + " hands over to "
                                        + rotation.next().text() + ", a key that held the role before");
                    }
                    nextKeys = new ArrayList<>(keys);
                    nextKeys.add(rotation.next());
                }
                case OperatorEntry.Namespace ns -> {
                    String key = PackageName.canonicalLabel(ns.namespace());
                    String existing = nextCanonical.get(key);
                    if (existing != null && !existing.equals(ns.namespace())) {
                        throw new RecordRejectedException(
                                "name-conflict",
                                "namespace \"" + ns.namespace() + "\" looks like the existing namespace \"" + existing
                                        + "\"");
                    }
                    nextCanonical.put(key, ns.namespace());
                    next.put(ns.namespace(), ns.owners());
                }
            }
        }
        return new OperatorState(nextKeys, rec.id(), record.time(), recordCount + 1, next);
    }

    /** The owner keys of exactly this namespace, if claimed. A look-alike spelling finds nothing. */
    public Optional<List<PublicKey>> owners(String namespace) {
        return Optional.ofNullable(namespaces.get(namespace));
    }

    /** The claimed namespace that {@code namespace} would clash with (itself or a look-alike). */
    public Optional<String> conflictingNamespace(String namespace) {
        return Optional.ofNullable(canonical.get(PackageName.canonicalLabel(namespace)));
    }

    /** All claimed namespaces and their owners, in claim order. */
    public Map<String, List<PublicKey>> namespaces() {
        return namespaces;
    }

    /** The key that signs the next operator record (the newest of {@link #keys}). */
    public PublicKey operatorKey() {
        return operatorKey;
    }

    /** Every key that has held the operator role, oldest first. */
    public List<PublicKey> keys() {
        return keys;
    }

    /** ID of the last applied operator record; {@code null} when none. */
    public Digest head() {
        return head;
    }

    /** Time of the last applied operator record; {@code null} when none. */
    public Instant lastTime() {
        return lastTime;
    }

    public long recordCount() {
        return recordCount;
    }
}
