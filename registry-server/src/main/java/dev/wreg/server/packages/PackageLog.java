package dev.wreg.server.packages;

import dev.wreg.protocol.ProtocolException;
import dev.wreg.protocol.digest.Digest;
import dev.wreg.protocol.dsse.Envelope;
import dev.wreg.protocol.name.PackageName;
import dev.wreg.protocol.record.OperatorState;
import dev.wreg.protocol.record.PackageState;
import dev.wreg.protocol.record.Permission;
import dev.wreg.protocol.record.ReleaseInfo;
import dev.wreg.protocol.record.SignedRecord;
import dev.wreg.protocol.version.Version;
import dev.wreg.server.database.ChangeFeed;
import dev.wreg.server.log.LogEntries;
import dev.wreg.server.operator.OperatorLog;
import dev.wreg.server.refusal.Refusal;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.data.domain.Limit;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The package logs and their tables: the records as submitted, the package rows, and the releases
 * and keys projected from them. Publishing decides whether a record is accepted; this is where an
 * accepted record is written ({@link #append}). A package's state is the fold of its records; it
 * is cached per package and reused while the package row's head still names the cached head, so a
 * request replays a log only after another replica (or a restart) moved it.
 */
@Service
public class PackageLog {

    static final int MAX_CACHED_PACKAGES = 10_000;

    private final PackageRepository packages;
    private final PackageRecordRepository records;
    private final ReleaseRepository releases;
    private final PackageKeyRepository keys;
    private final OperatorLog operatorLog;
    private final LogEntries logEntries;
    private final Clock clock;
    private final ChangeFeed changes;
    private final Map<String, PackageState> states = new ConcurrentHashMap<>();

    public PackageLog(
            PackageRepository packages,
            PackageRecordRepository records,
            ReleaseRepository releases,
            PackageKeyRepository keys,
            OperatorLog operatorLog,
            LogEntries logEntries,
            Clock clock,
            ChangeFeed changes) {
        this.packages = packages;
        this.records = records;
        this.releases = releases;
        this.keys = keys;
        this.operatorLog = operatorLog;
        this.logEntries = logEntries;
        this.clock = clock;
        this.changes = changes;
    }

    /** A record already in a package log, with the state of that package. */
    public record Existing(PackageName pkg, long index, PackageState state) {}

    /** The record with this id, if it is stored with exactly these envelope bytes. */
    @Transactional(propagation = Propagation.MANDATORY)
    public Optional<Existing> findIdentical(String recordId, byte[] envelope, OperatorState operator) {
        return records.findByRecordId(recordId)
                .filter(record -> Arrays.equals(record.envelope(), envelope))
                .flatMap(record -> packages.findById(record.packageId()).map(row -> {
                    PackageName name = PackageName.parse(row.name());
                    return new Existing(name, record.recordIndex(), stateOf(row, name, operator));
                }));
    }

    /**
     * Locks the package's row for an append, creating the row first when the package is new; empty
     * when another package's name has the same canonical form (a look-alike holds it).
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Optional<PackageEntity> lockForAppend(PackageName name) {
        // Most appends are to a package that exists: one round trip for them.
        Optional<PackageEntity> existing = packages.lockByName(name.toString());
        if (existing.isPresent()) {
            return existing;
        }
        packages.insertIfAbsent(name.toString(), name.canonical(), name.namespace());
        return packages.lockByName(name.toString());
    }

    /** The existing package whose name has the same canonical form as {@code name}. */
    public Optional<String> lookAlikeOf(PackageName name) {
        return packages.findByCanonicalName(name.canonical()).map(PackageEntity::name);
    }

    /**
     * Writes an accepted record: the envelope byte for byte, its log entry, and the package row,
     * releases and keys moved to {@code next}. The caller holds the row's lock ({@link
     * #lockForAppend}) and has checked the record ({@code next} is the state it leads to).
     * Everything is flushed before this returns, so a constraint the database enforces fails here,
     * before the log signs anything. Answers the record's index in the package log.
     *
     * @param before the state the package's rows are at now ({@code next} applies the record to
     *     it): only the releases and keys that differ between the two are written, so an append
     *     costs the same for a package of three releases as for one of thousands
     * @param capabilities the capability summary of each new release, by version text
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public long append(
            PackageEntity row,
            PackageState before,
            SignedRecord signed,
            byte[] envelope,
            PackageState next,
            Map<String, List<String>> capabilities) {
        long index = next.recordCount() - 1;
        Instant now = clock.instant();
        records.save(new PackageRecordEntity(
                row.id(),
                index,
                signed.id().toString(),
                envelope,
                signed.envelope().payload(),
                now));
        logEntries.append(signed.id().toString(), envelope);
        row.advance(
                signed.id().toString(),
                next.recordCount(),
                next.latest().map(Version::toString).orElse(null),
                now);
        syncReleases(row.id(), before, next, capabilities);
        if (!before.permissions().equals(next.permissions())) {
            syncKeys(row.id(), next);
        }
        records.flush();
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                remember(next);
            }
        });
        changes.afterCommit(new ChangeFeed.Change.PackageChanged(row.name()));
        return index;
    }

    /**
     * Inserts the releases {@code next} adds and updates the status of those it changes; the rows
     * of the others are already at {@code before} and are neither read nor written.
     */
    private void syncReleases(
            long packageId, PackageState before, PackageState next, Map<String, List<String>> capabilities) {
        for (ReleaseInfo release : next.releases()) {
            Optional<ReleaseInfo> earlier = before.release(release.version());
            if (earlier.isEmpty()) {
                ReleaseEntity row = new ReleaseEntity(
                        packageId,
                        release.version().toString(),
                        release.content().toString(),
                        release.size(),
                        release.recordId().toString(),
                        release.time());
                row.status(release.yanked(), release.yankReason(), release.deprecated());
                row.capabilities(capabilities.get(release.version().toString()));
                releases.save(row);
            } else if (!earlier.get().equals(release)) {
                // A row inserted by an earlier record of this transaction is a managed entity, but
                // unchanged since its insert, so no later flush writes its old status over this.
                releases.updateStatus(
                        packageId,
                        release.version().toString(),
                        release.yanked(),
                        release.yankReason(),
                        release.deprecated());
            }
        }
    }

    private void syncKeys(long packageId, PackageState state) {
        Map<String, PackageKeyEntity> rows = new HashMap<>();
        for (PackageKeyEntity row : keys.findByIdPackageId(packageId)) {
            rows.put(row.id().keyId(), row);
        }
        state.permissions().forEach((keyId, permissions) -> {
            String text = String.join(
                    " ", permissions.stream().sorted().map(Permission::jsonName).toList());
            PackageKeyEntity row = rows.remove(keyId.value());
            if (row == null) {
                keys.save(new PackageKeyEntity(new PackageKeyEntity.Id(packageId, keyId.value()), text));
            } else {
                row.permissions(text);
            }
        });
        keys.deleteAll(rows.values());
    }

    /** The state of a package whose row the caller has read (or locked) in its transaction. */
    public PackageState stateOf(PackageEntity row, PackageName name, OperatorState operator) {
        PackageState cached = states.get(row.name());
        if (cached != null && isAt(row, cached)) {
            return cached;
        }
        if (cached != null && cached.recordCount() < row.recordCount()) {
            Optional<PackageState> caughtUp = catchUp(cached, row, operator);
            if (caughtUp.isPresent()) {
                remember(caughtUp.get());
                return caughtUp.get();
            }
        }
        List<SignedRecord> log = records.findByPackageIdOrderByRecordIndexAsc(row.id()).stream()
                .map(record -> SignedRecord.of(Envelope.parse(record.envelope())))
                .toList();
        PackageState state = PackageState.replay(name, log, operator);
        remember(state);
        return state;
    }

    /**
     * The cached state moved forward by the records appended after it, when they lead exactly to
     * {@code row}; empty when they do not (a log repaired by hand), and the whole log is replayed.
     * A reader that sees a commit before the committer has cached its state would otherwise replay
     * (and check the signature of) every record of the package: a cost that grew with the package
     * until reads of a busy package held the connection pool.
     */
    private Optional<PackageState> catchUp(PackageState cached, PackageEntity row, OperatorState operator) {
        long missing = row.recordCount() - cached.recordCount();
        if (missing > Integer.MAX_VALUE) {
            return Optional.empty();
        }
        PackageState state = cached;
        try {
            for (PackageRecordEntity record :
                    records.findByPackageIdAndRecordIndexGreaterThanEqualOrderByRecordIndexAsc(
                            row.id(), cached.recordCount(), Limit.of((int) missing))) {
                if (record.recordIndex() != state.recordCount()) {
                    return Optional.empty();
                }
                state = state.apply(SignedRecord.of(Envelope.parse(record.envelope())), operator);
            }
        } catch (ProtocolException e) {
            // Not a continuation of the cached state: the full replay below decides.
            return Optional.empty();
        }
        return isAt(row, state) ? Optional.of(state) : Optional.empty();
    }

    /** Caches a state once its records are committed. */
    public void remember(PackageState state) {
        if (states.size() >= MAX_CACHED_PACKAGES) {
            states.clear();
        }
        states.put(state.name().toString(), state);
    }

    /** Whether {@code row} is at {@code state}: the same record count and head. */
    public static boolean isAt(PackageEntity row, PackageState state) {
        return state.recordCount() == row.recordCount() && Objects.equals(headText(state.head()), row.head());
    }

    /** The committed state of a package; empty when there is no such package yet. */
    @Transactional(readOnly = true)
    public Optional<PackageState> committedState(PackageName name, OperatorState operator) {
        return packages.findByName(name.toString()).map(row -> stateOf(row, name, operator));
    }

    @Transactional(readOnly = true)
    public PackageState state(PackageName name) {
        PackageEntity row =
                packages.findByName(name.toString()).orElseThrow(() -> Refusal.notFound("no package " + name));
        return stateOf(row, name, operatorLog.current());
    }

    @Transactional(readOnly = true)
    public List<PackageRecordEntity> records(PackageName name, long from, int limit) {
        PackageEntity row =
                packages.findByName(name.toString()).orElseThrow(() -> Refusal.notFound("no package " + name));
        return records.findByPackageIdAndRecordIndexGreaterThanEqualOrderByRecordIndexAsc(
                row.id(), from, Limit.of(limit));
    }

    /** A record of any package by its ID, as signed. */
    @Transactional(readOnly = true)
    public java.util.Optional<SignedRecord> signedRecord(String recordId) {
        return records.findByRecordId(recordId).map(row -> SignedRecord.of(Envelope.parse(row.envelope())));
    }

    public record PackageSummary(String pkg, String latest) {}

    public record PackagePage(List<PackageSummary> packages, int page, int size, long total) {}

    @Transactional(readOnly = true)
    public PackagePage list(int page, int size) {
        var result = packages.findAll(PageRequest.of(page, size, Sort.by("name")));
        return new PackagePage(
                result.getContent().stream()
                        .map(row -> new PackageSummary(row.name(), row.latest()))
                        .toList(),
                page,
                size,
                result.getTotalElements());
    }

    static String headText(Digest head) {
        return head == null ? null : head.toString();
    }
}
