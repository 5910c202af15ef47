package dev.wreg.server.log;

import dev.wreg.server.log.LogEntries.StoredCheckpoint;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** Witness cosignatures of the log's checkpoints, one row per checkpoint and witness. */
@Repository
public class LogCosignatures {

    private final JdbcTemplate jdbc;
    private final Clock clock;

    public LogCosignatures(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /**
     * Stores verified signature lines; a newer answer from the same witness for the same checkpoint
     * replaces the older one (a fresher timestamp for the same statement).
     */
    void save(long size, String witness, String signatureLines) {
        jdbc.update(
                "INSERT INTO log_cosignatures (tree_size, witness, signatures, received_at) VALUES (?, ?, ?, ?)"
                        + " ON CONFLICT (tree_size, witness) DO UPDATE"
                        + " SET signatures = EXCLUDED.signatures, received_at = EXCLUDED.received_at",
                size,
                witness,
                signatureLines,
                Timestamp.from(clock.instant()));
    }

    /** The witnesses (policy names) that cosigned the checkpoint of {@code size}. */
    Set<String> witnessesOf(long size) {
        return new HashSet<>(
                jdbc.queryForList("SELECT witness FROM log_cosignatures WHERE tree_size = ?", String.class, size));
    }

    /** When each witness's cosignature of the checkpoint of {@code size} was received. */
    Map<String, Instant> receivedAt(long size) {
        Map<String, Instant> out = new HashMap<>();
        jdbc.query(
                "SELECT witness, received_at FROM log_cosignatures WHERE tree_size = ?",
                rs -> {
                    out.put(rs.getString(1), rs.getTimestamp(2).toInstant());
                },
                size);
        return out;
    }

    /** One witness's cosignature of a checkpoint: its signature lines and when they arrived. */
    record Cosigned(String witness, String signatures, Instant receivedAt) {}

    /** The cosignatures of the checkpoint of {@code size}, by witness name. */
    List<Cosigned> of(long size) {
        return jdbc.query(
                "SELECT witness, signatures, received_at FROM log_cosignatures WHERE tree_size = ? ORDER BY witness",
                (rs, n) -> new Cosigned(
                        rs.getString(1), rs.getString(2), rs.getTimestamp(3).toInstant()),
                size);
    }

    /** The largest checkpoint {@code witness} cosigned, i.e. the old size it most likely expects. */
    Optional<Long> latestCosignedBy(String witness) {
        return Optional.ofNullable(jdbc.queryForObject(
                "SELECT max(tree_size) FROM log_cosignatures WHERE witness = ?", Long.class, witness));
    }

    /** The newest cosigned checkpoint sizes with their witnesses, newest first. */
    Map<Long, Set<String>> recent(int limit) {
        Map<Long, Set<String>> out = new LinkedHashMap<>();
        jdbc.query(
                "SELECT c.tree_size, c.witness FROM log_cosignatures c"
                        + " WHERE c.tree_size IN (SELECT DISTINCT tree_size FROM log_cosignatures"
                        + " ORDER BY tree_size DESC LIMIT ?) ORDER BY c.tree_size DESC",
                rs -> {
                    out.computeIfAbsent(rs.getLong(1), s -> new HashSet<>()).add(rs.getString(2));
                },
                limit);
        return out;
    }

    /** The checkpoint note with its cosignature lines after the log's own signature. */
    public StoredCheckpoint attach(StoredCheckpoint checkpoint) {
        List<String> lines = jdbc.queryForList(
                "SELECT signatures FROM log_cosignatures WHERE tree_size = ? ORDER BY witness",
                String.class,
                checkpoint.size());
        if (lines.isEmpty()) {
            return checkpoint;
        }
        ByteArrayOutputStream note = new ByteArrayOutputStream();
        note.writeBytes(checkpoint.note());
        lines.forEach(l -> note.writeBytes(l.getBytes(StandardCharsets.UTF_8)));
        return new StoredCheckpoint(checkpoint.size(), checkpoint.rootHash(), note.toByteArray());
    }
}
