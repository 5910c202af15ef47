package dev.wreg.server.publish;

import dev.wreg.protocol.ProtocolException;
import dev.wreg.protocol.api.ProblemCodes;
import dev.wreg.protocol.dsse.Envelope;
import dev.wreg.protocol.name.PackageName;
import dev.wreg.protocol.record.Entry;
import dev.wreg.protocol.record.OperatorState;
import dev.wreg.protocol.record.PackageState;
import dev.wreg.protocol.record.Permission;
import dev.wreg.protocol.record.ReleaseInfo;
import dev.wreg.protocol.record.SignedRecord;
import dev.wreg.protocol.version.Version;
import dev.wreg.server.auth.Caller;
import dev.wreg.server.auth.Scope;
import dev.wreg.server.blobs.BlobInfo;
import dev.wreg.server.blobs.BlobStore;
import dev.wreg.server.log.LogEntries;
import dev.wreg.server.operator.OperatorLog;
import dev.wreg.server.packages.PackageEntity;
import dev.wreg.server.packages.PackageKeyEntity;
import dev.wreg.server.packages.PackageKeyRepository;
import dev.wreg.server.packages.PackageLog;
import dev.wreg.server.packages.PackageRecordEntity;
import dev.wreg.server.packages.PackageRecordRepository;
import dev.wreg.server.packages.PackageRepository;
import dev.wreg.server.packages.ReleaseEntity;
import dev.wreg.server.packages.ReleaseRepository;
import dev.wreg.server.refusal.Refusal;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Accepts a signed package record. Everything the record names must already be in place (its
 * blobs uploaded and verified); then one transaction, holding the package row's lock, checks the
 * record against the log's state, stores the envelope byte for byte and moves the projections.
 * A refusal at any step leaves nothing behind; the identical envelope submitted again gets the
 * same answer.
 */
@Service
public class PublishService {

    private final PackageRepository packages;
    private final PackageRecordRepository records;
    private final ReleaseRepository releases;
    private final PackageKeyRepository keys;
    private final PackageLog packageLog;
    private final OperatorLog operatorLog;
    private final BlobStore blobs;
    private final ReleaseContentCheck contentCheck;
    private final TransactionTemplate transaction;
    private final Clock clock;
    private final LogEntries logEntries;

    public PublishService(
            PackageRepository packages,
            PackageRecordRepository records,
            ReleaseRepository releases,
            PackageKeyRepository keys,
            PackageLog packageLog,
            OperatorLog operatorLog,
            BlobStore blobs,
            ReleaseContentCheck contentCheck,
            TransactionTemplate transaction,
            Clock clock,
            LogEntries logEntries) {
        this.packages = packages;
        this.records = records;
        this.releases = releases;
        this.keys = keys;
        this.packageLog = packageLog;
        this.operatorLog = operatorLog;
        this.blobs = blobs;
        this.contentCheck = contentCheck;
        this.transaction = transaction;
        this.clock = clock;
        this.logEntries = logEntries;
    }

    /** The accepted record: {@code created} is false when the identical envelope was already there. */
    public record Accepted(boolean created, String recordId, long index, PackageState state) {}

    public Accepted submit(PackageName name, byte[] envelopeBytes, Caller caller) {
        Envelope envelope = Envelope.parse(envelopeBytes);
        if (!Envelope.RECORD_PAYLOAD_TYPE.equals(envelope.payloadType())) {
            throw new ProtocolException(
                    "invalid-envelope",
                    "payloadType must be " + Envelope.RECORD_PAYLOAD_TYPE + ", not " + envelope.payloadType());
        }
        SignedRecord signed = SignedRecord.of(envelope);
        if (!signed.record().pkg().equals(name)) {
            throw new ProtocolException(
                    "wrong-package", "the record is for " + signed.record().pkg() + " but was submitted to " + name);
        }
        for (Scope scope : scopesFor(signed.record().entries())) {
            caller.require(scope, name);
        }
        return transaction.execute(status -> applyLocked(name, signed, envelopeBytes));
    }

    private Accepted applyLocked(PackageName name, SignedRecord signed, byte[] envelopeBytes) {
        OperatorState operator = operatorLog.current();
        if (operator.owners(name.namespace()).isEmpty()) {
            throw new Refusal(
                    Refusal.Kind.FORBIDDEN,
                    "unauthorized",
                    "namespace '" + name.namespace() + "' is not claimed; claim it before publishing " + name);
        }
        Optional<PackageRecordEntity> existing =
                records.findByRecordId(signed.id().toString());
        if (existing.isPresent() && Arrays.equals(existing.get().envelope(), envelopeBytes)) {
            PackageEntity row = packages.findById(existing.get().packageId()).orElseThrow();
            if (row.name().equals(name.toString())) {
                return new Accepted(
                        false,
                        signed.id().toString(),
                        existing.get().recordIndex(),
                        packageLog.stateOf(row, name, operator));
            }
        }
        packages.insertIfAbsent(name.toString(), name.canonical(), name.namespace());
        PackageEntity row = packages.lockByName(name.toString()).orElseThrow(() -> lookAlike(name));
        PackageState state = packageLog.stateOf(row, name, operator);
        PackageState next = state.apply(signed, operator);
        Map<String, List<String>> capabilities = checkReleases(name, signed, state);
        long index = state.recordCount();
        Instant now = clock.instant();
        records.save(new PackageRecordEntity(
                row.id(),
                index,
                signed.id().toString(),
                envelopeBytes,
                signed.envelope().payload(),
                now));
        logEntries.append(signed.id().toString(), envelopeBytes);
        row.advance(
                signed.id().toString(),
                next.recordCount(),
                next.latest().map(Version::toString).orElse(null),
                now);
        syncReleases(row.id(), next, capabilities);
        syncKeys(row.id(), next);
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                packageLog.remember(next);
            }
        });
        return new Accepted(true, signed.id().toString(), index, next);
    }

    private Refusal lookAlike(PackageName name) {
        String existing = packages.findByCanonicalName(name.canonical())
                .map(PackageEntity::name)
                .orElse("another package");
        return Refusal.conflict(
                ProblemCodes.NAME_CONFLICT, name + " is too similar to the existing package " + existing);
    }

    /**
     * Runs {@link #checkContent} on every release in the record (before any row is written, so a
     * refusal leaves nothing behind); answers the capability summary of each, by version.
     */
    private Map<String, List<String>> checkReleases(PackageName name, SignedRecord signed, PackageState before) {
        Map<String, List<String>> capabilities = new HashMap<>();
        for (Entry entry : signed.record().entries()) {
            if (entry instanceof Entry.Release release) {
                ReleaseContentCheck.ReleaseContent content = checkContent(name, release, before);
                capabilities.put(release.version().toString(), content.capabilities());
            }
        }
        return capabilities;
    }

    private ReleaseContentCheck.ReleaseContent checkContent(
            PackageName name, Entry.Release release, PackageState before) {
        BlobInfo blob = blobs.stat(release.content())
                .orElseThrow(() -> Refusal.invalid(
                        ProblemCodes.DIGEST_MISMATCH,
                        "no blob " + release.content()
                                + " was uploaded; upload the content before the release record"));
        if (blob.size() != release.size()) {
            throw Refusal.invalid(
                    ProblemCodes.DIGEST_MISMATCH,
                    "release " + release.version() + " declares " + release.size() + " bytes but blob "
                            + release.content() + " has " + blob.size());
        }
        return contentCheck.check(name, release, before, blobs);
    }

    private void syncReleases(long packageId, PackageState state, Map<String, List<String>> capabilities) {
        Map<String, ReleaseEntity> rows = releases.findByPackageId(packageId).stream()
                .collect(Collectors.toMap(ReleaseEntity::version, row -> row));
        for (ReleaseInfo release : state.releases()) {
            ReleaseEntity row = rows.get(release.version().toString());
            if (row == null) {
                row = new ReleaseEntity(
                        packageId,
                        release.version().toString(),
                        release.content().toString(),
                        release.size(),
                        release.recordId().toString(),
                        release.time());
                row.status(release.yanked(), release.yankReason(), release.deprecated());
                row.capabilities(capabilities.get(release.version().toString()));
                releases.save(row);
            } else {
                row.status(release.yanked(), release.yankReason(), release.deprecated());
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

    /** The token scopes a record's entries need. */
    static Set<Scope> scopesFor(List<Entry> entries) {
        Set<Scope> scopes = EnumSet.noneOf(Scope.class);
        for (Entry entry : entries) {
            scopes.add(
                    switch (entry) {
                        case Entry.Init init -> Scope.PUBLISH;
                        case Entry.Grant grant -> Scope.PUBLISH;
                        case Entry.Revoke revoke -> Scope.PUBLISH;
                        case Entry.Release release -> Scope.PUBLISH;
                        case Entry.Yank yank -> Scope.YANK;
                        case Entry.Unyank unyank -> Scope.YANK;
                        case Entry.Deprecate deprecate -> Scope.YANK;
                    });
        }
        return scopes;
    }
}
