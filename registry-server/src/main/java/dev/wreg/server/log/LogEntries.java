package dev.wreg.server.log;

import dev.wreg.protocol.log.Tiles;
import dev.wreg.server.refusal.Refusal;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** The log's tables: entries waiting for or holding an index, and the signed checkpoints. */
@Repository
public class LogEntries {

    /** An entry with its index. */
    public record Indexed(long index, byte[] entry) {}

    /** A log entry row: {@code index} is null until the entry is sequenced. */
    public record Stored(long seq, String recordId, byte[] entry, Long index) {}

    /** A signed checkpoint as stored. */
    public record StoredCheckpoint(long size, byte[] rootHash, byte[] note) {}

    private final JdbcTemplate jdbc;
    private final Clock clock;

    public LogEntries(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /**
     * Adds an accepted record's envelope as a log entry, in the caller's transaction, so the record
     * and its entry commit (or vanish) together; the caller then has {@link
     * Sequencer#integrateWithin} put it under a signed checkpoint before it commits.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void append(String recordId, byte[] envelope) {
        if (envelope.length > Tiles.MAX_ENTRY_SIZE) {
            // An entry bundle prefixes each entry with a uint16 length: a longer one could never be logged.
            throw Refusal.payloadTooLarge(Tiles.MAX_ENTRY_SIZE, "a log entry (the signed envelope)");
        }
        jdbc.update(
                "INSERT INTO log_entries (record_id, entry, created_at) VALUES (?, ?, ?)",
                recordId,
                envelope,
                Timestamp.from(clock.instant()));
    }

    /** The log index of a record, once sequenced. */
    public Optional<Long> indexOf(String recordId) {
        return jdbc
                .query(
                        "SELECT log_index FROM log_entries WHERE record_id = ? AND log_index IS NOT NULL",
                        (rs, n) -> rs.getLong(1),
                        recordId)
                .stream()
                .findFirst();
    }

    /** Log indices of the sequenced ones among {@code recordIds}. */
    public Map<String, Long> indicesOf(List<String> recordIds) {
        Map<String, Long> out = new HashMap<>();
        if (recordIds.isEmpty()) {
            return out;
        }
        jdbc.query(
                "SELECT record_id, log_index FROM log_entries WHERE log_index IS NOT NULL AND record_id = ANY (?)",
                rs -> {
                    out.put(rs.getString(1), rs.getLong(2));
                },
                (Object) recordIds.toArray(String[]::new));
        return out;
    }

    boolean exists(String recordId) {
        return !jdbc.queryForList("SELECT 1 FROM log_entries WHERE record_id = ?", recordId)
                .isEmpty();
    }

    Optional<Stored> atIndex(long index) {
        return jdbc
                .query("SELECT seq, record_id, entry, log_index FROM log_entries WHERE log_index = ?", STORED, index)
                .stream()
                .findFirst();
    }

    Optional<Stored> byRecordId(String recordId) {
        return jdbc
                .query("SELECT seq, record_id, entry, log_index FROM log_entries WHERE record_id = ?", STORED, recordId)
                .stream()
                .findFirst();
    }

    private static final org.springframework.jdbc.core.RowMapper<Stored> STORED = (rs, n) ->
            new Stored(rs.getLong(1), rs.getString(2), rs.getBytes(3), rs.getObject(4) == null ? null : rs.getLong(4));

    /** Entries waiting for an index, oldest first. */
    List<Long> pending(int limit) {
        return jdbc.queryForList(
                "SELECT seq FROM log_entries WHERE log_index IS NULL ORDER BY seq LIMIT ?", Long.class, limit);
    }

    long nextIndex() {
        Long max = jdbc.queryForObject("SELECT max(log_index) FROM log_entries", Long.class);
        return max == null ? 0 : max + 1;
    }

    void assign(long seq, long index) {
        jdbc.update("UPDATE log_entries SET log_index = ? WHERE seq = ? AND log_index IS NULL", index, seq);
    }

    /**
     * Gives {@code seqs} the indices {@code first}, {@code first + 1}, … in that order, in one
     * statement (a group commit sequences all its entries at once).
     */
    void assignAll(List<Long> seqs, long first) {
        if (seqs.isEmpty()) {
            return;
        }
        Long[] indices = new Long[seqs.size()];
        for (int i = 0; i < indices.length; i++) {
            indices[i] = first + i;
        }
        jdbc.update(
                "UPDATE log_entries e SET log_index = v.log_index"
                        + " FROM unnest(?::bigint[], ?::bigint[]) AS v (seq, log_index)"
                        + " WHERE e.seq = v.seq AND e.log_index IS NULL",
                (Object) seqs.toArray(Long[]::new),
                (Object) indices);
    }

    List<Indexed> indexedFrom(long fromIndex, int limit) {
        return jdbc.query(
                "SELECT log_index, entry FROM log_entries WHERE log_index >= ? ORDER BY log_index LIMIT ?",
                (rs, n) -> new Indexed(rs.getLong(1), rs.getBytes(2)),
                fromIndex,
                limit);
    }

    /** Sequenced entries with an index below {@code before}, newest first. */
    List<Indexed> newestBefore(long before, int limit) {
        return jdbc.query(
                "SELECT log_index, entry FROM log_entries WHERE log_index IS NOT NULL AND log_index < ?"
                        + " ORDER BY log_index DESC LIMIT ?",
                (rs, n) -> new Indexed(rs.getLong(1), rs.getBytes(2)),
                before,
                limit);
    }

    public Optional<StoredCheckpoint> latestCheckpoint() {
        return jdbc
                .query(
                        "SELECT tree_size, root_hash, note FROM log_checkpoints ORDER BY tree_size DESC LIMIT 1",
                        (rs, n) -> new StoredCheckpoint(rs.getLong(1), rs.getBytes(2), rs.getBytes(3)))
                .stream()
                .findFirst();
    }

    public Optional<StoredCheckpoint> checkpointAt(long size) {
        return jdbc
                .query(
                        "SELECT tree_size, root_hash, note FROM log_checkpoints WHERE tree_size = ?",
                        (rs, n) -> new StoredCheckpoint(rs.getLong(1), rs.getBytes(2), rs.getBytes(3)),
                        size)
                .stream()
                .findFirst();
    }

    void saveCheckpoint(long size, byte[] root, byte[] note) {
        jdbc.update(
                "INSERT INTO log_checkpoints (tree_size, root_hash, note, signed_at) VALUES (?, ?, ?, ?)",
                size,
                root,
                note,
                Timestamp.from(clock.instant()));
    }
}
