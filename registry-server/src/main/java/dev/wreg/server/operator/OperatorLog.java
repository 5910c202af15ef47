package dev.wreg.server.operator;

import dev.wreg.protocol.crypto.PrivateKey;
import dev.wreg.protocol.crypto.PublicKey;
import dev.wreg.protocol.dsse.Envelope;
import dev.wreg.protocol.record.OperatorEntry;
import dev.wreg.protocol.record.OperatorRecord;
import dev.wreg.protocol.record.OperatorState;
import dev.wreg.protocol.record.SignedOperatorRecord;
import dev.wreg.server.database.ChangeFeed;
import dev.wreg.server.keys.OperatorKey;
import dev.wreg.server.keys.PreviousOperatorKey;
import dev.wreg.server.log.LogEntries;
import dev.wreg.server.log.LogUnavailableException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.springframework.data.domain.Limit;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The operator log: records signed by the operator key that bind namespaces to owner keys.
 * Appends are serialized across replicas by a PostgreSQL advisory lock; the folded state is cached
 * and caught up from the database on every read (a cheap query for records past the cached count).
 */
@Service
public class OperatorLog {

    /** Advisory-lock key for appends to the operator log ("wreg" "op"). */
    private static final long APPEND_LOCK = 0x7772_6567_6f70L;

    private static final int PAGE = 500;

    private final OperatorRecordRepository records;
    private final OperatorKey operatorKey;
    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final AtomicReference<OperatorState> cached;
    private final LogEntries logEntries;
    private final ChangeFeed changes;
    private final PreviousOperatorKey previous;

    public OperatorLog(
            OperatorRecordRepository records,
            OperatorKey operatorKey,
            JdbcTemplate jdbc,
            Clock clock,
            LogEntries logEntries,
            ChangeFeed changes,
            PreviousOperatorKey previous) {
        this.previous = previous;
        this.logEntries = logEntries;
        this.changes = changes;
        this.records = records;
        this.operatorKey = operatorKey;
        this.jdbc = jdbc;
        this.clock = clock;
        this.cached = new AtomicReference<>();
    }

    public OperatorKey key() {
        return operatorKey;
    }

    /** The state folded over every committed operator record (and this transaction's own). */
    @Transactional(readOnly = true, propagation = Propagation.SUPPORTS)
    public OperatorState current() {
        OperatorState state = cached.get();
        if (state == null) {
            state = OperatorState.empty(firstKey());
        }
        while (true) {
            List<OperatorRecordEntity> next =
                    records.findByLogIndexGreaterThanEqualOrderByLogIndexAsc(state.recordCount(), Limit.of(PAGE));
            for (OperatorRecordEntity row : next) {
                state = state.apply(SignedOperatorRecord.of(Envelope.parse(row.envelope())));
            }
            if (next.size() < PAGE) {
                break;
            }
        }
        OperatorState folded = state;
        if (TransactionSynchronizationManager.isActualTransactionActive()
                && !TransactionSynchronizationManager.isCurrentTransactionReadOnly()) {
            // A writing transaction may see its own uncommitted records; only committed state is cached.
            return folded;
        }
        cached.accumulateAndGet(
                folded,
                (old, candidate) -> old == null || candidate.recordCount() > old.recordCount() ? candidate : old);
        return folded;
    }

    /** Appended operator record with the state it leads to. */
    public record Appended(SignedOperatorRecord record, long index, OperatorState state) {}

    /**
     * Signs and appends a record built from the current head; {@code build} sees the state first
     * and may refuse by throwing. Must run inside the caller's transaction.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Appended append(Function<OperatorState, List<OperatorEntry>> build) {
        jdbc.queryForList("SELECT pg_advisory_xact_lock(?)", APPEND_LOCK);
        OperatorState state = current();
        if (!state.operatorKey().equals(operatorKey.publicKey())) {
            // A replica left running with the old key after a rotation (OperatorKeyHandover).
            throw new LogUnavailableException("this replica's operator key handed the operator role over to "
                    + state.operatorKey().text() + "; restart it with that key (docs/operations.md, \"Key"
                    + " rotation\"). Nothing was stored");
        }
        List<OperatorEntry> entries = build.apply(state);
        return signAndWrite(state, entries, operatorKey.privateKey());
    }

    /**
     * Hands the operator role from {@code previous}, the operator log's key until now, to this
     * server's key: a record with the one {@link OperatorEntry.KeyRotation} entry, signed by
     * {@code previous}. Must run inside the caller's transaction.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Appended handOver(PrivateKey previous) {
        jdbc.queryForList("SELECT pg_advisory_xact_lock(?)", APPEND_LOCK);
        OperatorState state = current();
        return signAndWrite(
                state, List.of(new OperatorEntry.KeyRotation(previous.publicKey(), operatorKey.publicKey())), previous);
    }

    private Appended signAndWrite(OperatorState state, List<OperatorEntry> entries, PrivateKey signer) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Instant time = state.lastTime() != null && now.isBefore(state.lastTime()) ? state.lastTime() : now;
        OperatorRecord record = new OperatorRecord(state.head(), time, entries);
        SignedOperatorRecord signed = SignedOperatorRecord.sign(record, signer);
        OperatorState next = state.apply(signed);
        return write(signed, signed.envelope().toJson(), state.recordCount(), next);
    }

    /**
     * The key that signed the first operator record: the {@code previous} of the first key
     * rotation in the log; when the key never changed, this server's key, or the previous key it
     * is about to hand over from ({@link OperatorKeyHandover}) if that one signed the first record.
     */
    private PublicKey firstKey() {
        List<byte[]> firstRotation = jdbc.queryForList(
                "SELECT payload FROM operator_records WHERE position(convert_to(?, 'UTF8') in payload) > 0"
                        + " ORDER BY log_index LIMIT 1",
                byte[].class,
                "\"type\":\"operator-key\"");
        if (firstRotation.isEmpty()) {
            Optional<PublicKey> handingOver = previous.privateKey().map(PrivateKey::publicKey);
            if (handingOver.isPresent()) {
                List<byte[]> first = jdbc.queryForList(
                        "SELECT envelope FROM operator_records ORDER BY log_index LIMIT 1", byte[].class);
                if (!first.isEmpty() && Envelope.parse(first.getFirst()).verifiedBy(handingOver.get())) {
                    return handingOver.get();
                }
            }
            return operatorKey.publicKey();
        }
        return OperatorRecord.parsePayload(firstRotation.getFirst()).entries().stream()
                .filter(OperatorEntry.KeyRotation.class::isInstance)
                .map(e -> ((OperatorEntry.KeyRotation) e).previous())
                .findFirst()
                .orElseThrow();
    }

    /**
     * Re-applies an operator record the log signed but the database lost (its exact envelope from
     * the log's entry bundle): checked against the current head like any record, then stored with
     * its log entry. Must run inside the caller's transaction.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Appended restore(SignedOperatorRecord signed, byte[] envelope) {
        jdbc.queryForList("SELECT pg_advisory_xact_lock(?)", APPEND_LOCK);
        // The cached state may be ahead of a database that lost records: fold it again.
        cached.set(null);
        OperatorState state = current();
        OperatorState next = state.apply(signed);
        return write(signed, envelope, state.recordCount(), next);
    }

    private Appended write(SignedOperatorRecord signed, byte[] envelope, long index, OperatorState next) {
        records.save(new OperatorRecordEntity(
                index, signed.id().toString(), envelope, signed.envelope().payload(), clock.instant()));
        records.flush();
        logEntries.append(signed.id().toString(), envelope);
        changes.afterCommit(new ChangeFeed.Change.OperatorLogChanged());
        return new Appended(signed, index, next);
    }

    @Transactional(readOnly = true)
    public List<OperatorRecordEntity> records(long from, int limit) {
        return records.findByLogIndexGreaterThanEqualOrderByLogIndexAsc(from, Limit.of(limit));
    }
}
