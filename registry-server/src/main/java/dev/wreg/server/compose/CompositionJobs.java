package dev.wreg.server.compose;

import dev.wreg.server.refusal.Refusal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;

/**
 * The {@code compositions} table. Claiming is one statement that locks the row with
 * {@code FOR UPDATE SKIP LOCKED}, so two replicas never run the same job and neither waits on the
 * other's lock.
 */
@Repository
public class CompositionJobs {

    public enum Status {
        QUEUED,
        RUNNING,
        SUCCEEDED,
        FAILED;

        String text() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        static Status of(String text) {
            return valueOf(text.toUpperCase(java.util.Locale.ROOT));
        }
    }

    /** One row. */
    public record Job(
            UUID id,
            Status status,
            String request,
            String caller,
            String inputs,
            String report,
            String resultDigest,
            Long resultSize,
            String errorCode,
            String errorDetail,
            Refusal.Kind errorKind,
            String published,
            Instant createdAt,
            Instant finishedAt) {}

    /** A job just claimed by this replica: what to run and on whose behalf. */
    public record Claimed(UUID id, String request, String caller) {}

    private final JdbcTemplate jdbc;
    private final Clock clock;

    public CompositionJobs(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    public UUID insert(String request, String caller) {
        UUID id = UUID.randomUUID();
        jdbc.update(
                "INSERT INTO compositions (id, status, request, caller, created_at) VALUES (?, 'queued', ?, ?, ?)",
                id,
                request,
                caller,
                Timestamp.from(clock.instant()));
        return id;
    }

    /** Claims this queued job, unless another replica has it. */
    public Optional<Claimed> claim(UUID id, String worker) {
        return first(jdbc.query(
                "UPDATE compositions SET status = 'running', claimed_at = ?, claimed_by = ?"
                        + " WHERE id = (SELECT id FROM compositions WHERE id = ? AND status = 'queued'"
                        + " FOR UPDATE SKIP LOCKED) RETURNING id, request, caller",
                CLAIMED,
                Timestamp.from(clock.instant()),
                worker,
                id));
    }

    /** Claims the oldest queued job nobody holds. */
    public Optional<Claimed> claimNext(String worker) {
        return first(jdbc.query(
                "UPDATE compositions SET status = 'running', claimed_at = ?, claimed_by = ?"
                        + " WHERE id = (SELECT id FROM compositions WHERE status = 'queued' ORDER BY created_at"
                        + " LIMIT 1 FOR UPDATE SKIP LOCKED) RETURNING id, request, caller",
                CLAIMED,
                Timestamp.from(clock.instant()),
                worker));
    }

    /** Puts back jobs whose replica has held them longer than the lease (it died or hung). */
    public int requeueExpired(Duration lease) {
        return jdbc.update(
                "UPDATE compositions SET status = 'queued', claimed_at = NULL, claimed_by = NULL"
                        + " WHERE status = 'running' AND claimed_at < ?",
                Timestamp.from(clock.instant().minus(lease)));
    }

    public void succeed(UUID id, String inputs, String report, String digest, long size, String published) {
        jdbc.update(
                "UPDATE compositions SET status = 'succeeded', inputs = ?, report = ?, result_digest = ?,"
                        + " result_size = ?, published = ?, finished_at = ? WHERE id = ? AND status = 'running'",
                inputs,
                report,
                digest,
                size,
                published,
                Timestamp.from(clock.instant()),
                id);
    }

    /** Ends a running job as failed: the refusal's kind and code, not how HTTP answers it. */
    public void fail(UUID id, String inputs, String report, Refusal.Kind kind, String code, String detail) {
        jdbc.update(
                "UPDATE compositions SET status = 'failed', inputs = ?, report = ?, error_kind = ?,"
                        + " error_code = ?, error_detail = ?, finished_at = ? WHERE id = ? AND status = 'running'",
                inputs,
                report,
                kind.text(),
                code,
                detail,
                Timestamp.from(clock.instant()),
                id);
    }

    public Optional<Job> find(UUID id) {
        return first(jdbc.query("SELECT * FROM compositions WHERE id = ?", JOB, id));
    }

    private static <T> Optional<T> first(List<T> rows) {
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.getFirst());
    }

    private static final RowMapper<Claimed> CLAIMED =
            (rs, n) -> new Claimed(rs.getObject("id", UUID.class), rs.getString("request"), rs.getString("caller"));

    private static final RowMapper<Job> JOB = (rs, n) -> new Job(
            rs.getObject("id", UUID.class),
            Status.of(rs.getString("status")),
            rs.getString("request"),
            rs.getString("caller"),
            rs.getString("inputs"),
            rs.getString("report"),
            rs.getString("result_digest"),
            nullableLong(rs, "result_size"),
            rs.getString("error_code"),
            rs.getString("error_detail"),
            kind(rs.getString("error_kind")),
            rs.getString("published"),
            instant(rs, "created_at"),
            instant(rs, "finished_at"));

    private static Long nullableLong(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }

    private static Refusal.Kind kind(String text) {
        return text == null ? null : Refusal.Kind.ofText(text);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }
}
