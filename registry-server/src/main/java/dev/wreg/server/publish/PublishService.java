package dev.wreg.server.publish;

import dev.wreg.protocol.ProtocolException;
import dev.wreg.protocol.api.ProblemCodes;
import dev.wreg.protocol.dsse.Envelope;
import dev.wreg.protocol.name.PackageName;
import dev.wreg.protocol.record.Entry;
import dev.wreg.protocol.record.OperatorState;
import dev.wreg.protocol.record.PackageState;
import dev.wreg.protocol.record.SignedRecord;
import dev.wreg.server.auth.Caller;
import dev.wreg.server.auth.Scope;
import dev.wreg.server.config.RegistryProperties;
import dev.wreg.server.log.LogEntries.StoredCheckpoint;
import dev.wreg.server.log.Sequencer;
import dev.wreg.server.operator.OperatorLog;
import dev.wreg.server.packages.PackageEntity;
import dev.wreg.server.packages.PackageLog;
import dev.wreg.server.refusal.Refusal;
import dev.wreg.server.search.InterfaceIndex;
import jakarta.annotation.PreDestroy;
import jakarta.persistence.EntityManager;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Accepts a signed package record. Everything the record names must already be in place (its
 * blobs uploaded and verified). The record is first checked in the client's thread against the
 * package's committed state, its releases' content read and validated; then a group commit ({@link
 * GroupCommitter}) applies it in one transaction with the records that arrived meanwhile: holding
 * the package row's lock, it checks the record again against the state it now meets, has {@link
 * PackageLog} store it byte for byte and move the projections, and integrates it into the
 * transparency log: it commits only together with a signed checkpoint covering it. A refusal or
 * failure at any step leaves nothing of the record behind; the identical envelope submitted again
 * gets the same answer.
 */
@Service
public class PublishService {

    private final PackageLog packageLog;
    private final OperatorLog operatorLog;
    private final RecordContents contents;
    private final Clock clock;
    private final Sequencer sequencer;
    private final Duration maxClockSkew;
    private final InterfaceIndex interfaceIndex;
    private final TransactionTemplate reading;
    private final GroupCommitter committer;

    public PublishService(
            PackageLog packageLog,
            OperatorLog operatorLog,
            RecordContents contents,
            TransactionTemplate transaction,
            Clock clock,
            Sequencer sequencer,
            RegistryProperties properties,
            InterfaceIndex interfaceIndex,
            EntityManager entityManager,
            JdbcTemplate jdbc) {
        this.packageLog = packageLog;
        this.operatorLog = operatorLog;
        this.contents = contents;
        this.clock = clock;
        this.sequencer = sequencer;
        this.maxClockSkew = properties.limits().maxClockSkew();
        this.interfaceIndex = interfaceIndex;
        this.reading = new TransactionTemplate(transaction.getTransactionManager());
        this.reading.setReadOnly(true);
        this.committer = new GroupCommitter(transaction, entityManager, jdbc, sequencer, this::applyLocked);
    }

    /**
     * The accepted record: {@code created} is false when the identical envelope was already there;
     * {@code checkpoint} is the signed checkpoint it was committed under.
     */
    public record Accepted(
            boolean created, String recordId, long index, PackageState state, StoredCheckpoint checkpoint) {}

    /** An accepted record and where it sits in the transparency log. */
    public record Published(Accepted accepted, Sequencer.Inclusion inclusion) {}

    /**
     * Submits the record and answers once it is under a signed checkpoint (as published to the
     * log's witnesses), with the proof of its inclusion: what every publisher (a client's record,
     * the registry's composer) is told.
     */
    public Published publish(PackageName name, byte[] envelopeBytes, Caller caller) {
        Accepted accepted = submit(name, envelopeBytes, caller);
        return new Published(
                accepted,
                AfterCommit.read(
                        accepted.recordId(), () -> sequencer.inclusionOf(accepted.recordId(), accepted.checkpoint())));
    }

    Accepted submit(PackageName name, byte[] envelopeBytes, Caller caller) {
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
        return committer.commit(prepare(name, signed, envelopeBytes));
    }

    /**
     * A submitted record checked as far as it can be without locks: against the package's committed
     * state, with its releases' content read and validated. This is the slow part of a publish, so
     * it runs in the client's own thread, side by side with other clients'.
     *
     * @param before the committed state the content was checked against (empty: no package yet)
     * @param contents what was read from each release, by version; null when not checked (the
     *     identical record is already stored)
     */
    record Prepared(
            PackageName name,
            SignedRecord signed,
            byte[] envelope,
            Optional<PackageState> before,
            Map<String, ReleaseContentCheck.ReleaseContent> contents) {}

    private Prepared prepare(PackageName name, SignedRecord signed, byte[] envelopeBytes) {
        OperatorState operator = operatorLog.current();
        requireClaimed(name, operator);
        // One read-only transaction: the identical record, if stored, and else the committed state.
        Optional<Optional<PackageState>> read = reading.execute(status -> packageLog
                        .findIdentical(signed.id().toString(), envelopeBytes, operator)
                        .isPresent()
                ? Optional.empty()
                : Optional.of(packageLog.committedState(name, operator)));
        if (read.isEmpty()) {
            return new Prepared(name, signed, envelopeBytes, Optional.empty(), null);
        }
        checkTime(signed);
        Optional<PackageState> before = read.get();
        PackageState state = before.orElseGet(() -> PackageState.empty(name));
        // The same refusals, in the same order, as under the lock: the record's own checks first.
        state.apply(signed, operator);
        return new Prepared(name, signed, envelopeBytes, before, contents.check(name, signed, state));
    }

    /**
     * Applies a prepared record inside the group commit's transaction, holding the package row's
     * lock: checked again against the state it now meets (its content is checked again only if the
     * package moved since it was prepared).
     */
    private Accepted applyLocked(Prepared prepared, GroupCommitter.Batch batch) {
        PackageName name = prepared.name();
        SignedRecord signed = prepared.signed();
        OperatorState operator = batch.operator(operatorLog::current);
        requireClaimed(name, operator);
        Optional<PackageLog.Existing> existing =
                packageLog.findIdentical(signed.id().toString(), prepared.envelope(), operator);
        if (existing.isPresent() && existing.get().pkg().equals(name)) {
            return new Accepted(
                    false,
                    signed.id().toString(),
                    existing.get().index(),
                    existing.get().state(),
                    null);
        }
        checkTime(signed);
        PackageEntity row = packageLog.lockForAppend(name).orElseThrow(() -> lookAlike(name));
        PackageState earlier = batch.applied.get(name);
        PackageState state =
                earlier != null && PackageLog.isAt(row, earlier) ? earlier : packageLog.stateOf(row, name, operator);
        PackageState next = state.apply(signed, operator);
        PackageState checkedAgainst = prepared.before().orElseGet(() -> PackageState.empty(name));
        Map<String, ReleaseContentCheck.ReleaseContent> released = prepared.contents() != null
                        && state.recordCount() == checkedAgainst.recordCount()
                        && Objects.equals(state.head(), checkedAgainst.head())
                ? prepared.contents()
                : contents.check(name, signed, state);
        contents.requireStillStored(signed);
        long index = packageLog.append(
                row,
                state,
                signed,
                prepared.envelope(),
                next,
                ReleaseContentCheck.ReleaseContent.capabilitiesOf(released));
        interfaceIndex.update(row.id(), name, state, next, ReleaseContentCheck.ReleaseContent.interfacesOf(released));
        batch.applied.put(name, next);
        return new Accepted(true, signed.id().toString(), index, next, null);
    }

    private static void requireClaimed(PackageName name, OperatorState operator) {
        if (operator.owners(name.namespace()).isEmpty()) {
            throw new Refusal(
                    Refusal.Kind.FORBIDDEN,
                    "unauthorized",
                    "namespace '" + name.namespace() + "' is not claimed; claim it before publishing " + name);
        }
    }

    /** How many prepared records wait for the next group commit (tests). */
    int waitingToCommit() {
        return committer.waiting();
    }

    /** Commits what is already waiting, then refuses new publishes (graceful shutdown). */
    @PreDestroy
    void stop() {
        committer.stop(Duration.ofSeconds(30));
    }

    /**
     * A record dated far ahead of the server's clock would force every later record of the
     * package to that date (times never go back), so it is refused.
     */
    private void checkTime(SignedRecord signed) {
        Instant latest = clock.instant().plus(maxClockSkew);
        if (signed.record().time().isAfter(latest)) {
            throw Refusal.invalid(
                    ProblemCodes.TIME_IN_FUTURE,
                    "the record is dated " + signed.record().time() + ", more than " + maxClockSkew
                            + " ahead of the registry's clock (" + clock.instant() + "); check the signer's clock");
        }
    }

    private Refusal lookAlike(PackageName name) {
        String existing = packageLog.lookAlikeOf(name).orElse("another package");
        return Refusal.conflict(
                ProblemCodes.NAME_CONFLICT, name + " is too similar to the existing package " + existing);
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
