package dev.wreg.server.compose;

import dev.wreg.protocol.api.ProblemCodes;
import dev.wreg.server.refusal.Refusal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;

/**
 * The {@code compositions} table. Claiming is one statement that locks the row with
 * {@code FOR UPDATE SKIP LOCKED}, so two replicas never claim the same job and neither waits on the
 * other's lock. Each claim gets a fresh token ({@code claimed_by}): the worker renews its claim
 * with it while it runs, and only the holder of the current token can finish the job, so a worker
 * whose lease was taken over cannot overwrite the new worker's outcome.
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

    /**
     * A job just claimed by this replica: what to run, on whose behalf, the claim's token and how
     * many times the job has been claimed (this claim included).
     */
    public record Claimed(UUID id, String request, String caller, String token, int attempts) {}

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
                "UPDATE compositions SET status = 'running', claimed_at = ?, claimed_by = ?, attempts = attempts + 1"
                        + " WHERE id = (SELECT id FROM compositions WHERE id = ? AND status = 'queued'"
                        + " FOR UPDATE SKIP LOCKED) RETURNING id, request, caller, claimed_by, attempts",
                CLAIMED,
                Timestamp.from(clock.instant()),
                token(worker),
                id));
    }

    /** Claims the oldest queued job nobody holds. */
    public Optional<Claimed> claimNext(String worker) {
        return first(jdbc.query(
                "UPDATE compositions SET status = 'running', claimed_at = ?, claimed_by = ?, attempts = attempts + 1"
                        + " WHERE id = (SELECT id FROM compositions WHERE status = 'queued' ORDER BY created_at"
                        + " LIMIT 1 FOR UPDATE SKIP LOCKED) RETURNING id, request, caller, claimed_by, attempts",
                CLAIMED,
                Timestamp.from(clock.instant()),
                token(worker)));
    }

    private static String token(String worker) {
        return worker + "/" + UUID.randomUUID();
    }

    /**
     * Renews the claims a worker still holds; answers the tokens that were renewed. A token that
     * is not among them lost its job (the lease expired and another replica took it over).
     */
    public Set<String> renew(Collection<String> tokens) {
        if (tokens.isEmpty()) {
            return Set.of();
        }
        return new HashSet<>(jdbc.queryForList(
                "UPDATE compositions SET claimed_at = ? WHERE status = 'running' AND claimed_by = ANY (?)"
                        + " RETURNING claimed_by",
                String.class,
                Timestamp.from(clock.instant()),
                (Object) tokens.toArray(String[]::new)));
    }

    /**
     * Jobs whose worker stopped renewing its claim for longer than the lease (it died, or lost the
     * database): they are queued again, or, once claimed {@code maxAttempts} times, fail for good.
     * Answers how many were queued again and how many failed.
     */
    public Expired expire(Duration lease, int maxAttempts) {
        Timestamp cutoff = Timestamp.from(clock.instant().minus(lease));
        int failed = jdbc.update(
                "UPDATE compositions SET status = 'failed', error_kind = 'unavailable', error_code = ?, error_detail = ?,"
                        + " finished_at = ?, claimed_by = NULL WHERE status = 'running' AND claimed_at < ?"
                        + " AND attempts >= ?",
                ATTEMPTS_EXHAUSTED,
                "the composition was started " + maxAttempts + " times and its worker stopped each time"
                        + " (the server was stopped or crashed); it is not tried again",
                Timestamp.from(clock.instant()),
                cutoff,
                maxAttempts);
        int requeued = jdbc.update(
                "UPDATE compositions SET status = 'queued', claimed_at = NULL, claimed_by = NULL"
                        + " WHERE status = 'running' AND claimed_at < ?",
                cutoff);
        return new Expired(requeued, failed);
    }

    /** What {@link #expire} did. */
    public record Expired(int requeued, int failed) {}

    /** Problem code of a job given up after its workers kept dying. */
    public static final String ATTEMPTS_EXHAUSTED = ProblemCodes.ATTEMPTS_EXHAUSTED;

    /** Finishes a job this claim still holds; false when the claim was lost (nothing written). */
    public boolean succeed(
            UUID id, String token, String inputs, String report, String digest, long size, String published) {
        return jdbc.update(
                        "UPDATE compositions SET status = 'succeeded', inputs = ?, report = ?, result_digest = ?,"
                                + " result_size = ?, published = ?, finished_at = ? WHERE id = ? AND status = 'running'"
                                + " AND claimed_by = ?",
                        inputs,
                        report,
                        digest,
                        size,
                        published,
                        Timestamp.from(clock.instant()),
                        id,
                        token)
                == 1;
    }

    /**
     * Fails a job this claim still holds, with the refusal's kind and code (not how HTTP answers
     * it); false when the claim was lost (nothing written).
     */
    public boolean fail(
            UUID id, String token, String inputs, String report, Refusal.Kind kind, String code, String detail) {
        return jdbc.update(
                        "UPDATE compositions SET status = 'failed', inputs = ?, report = ?, error_kind = ?,"
                                + " error_code = ?, error_detail = ?, finished_at = ? WHERE id = ? AND status = 'running'"
                                + " AND claimed_by = ?",
                        inputs,
                        report,
                        kind.text(),
                        code,
                        detail,
                        Timestamp.from(clock.instant()),
                        id,
                        token)
                == 1;
    }

    /** How many times the job was claimed. */
    public int attempts(UUID id) {
        Integer attempts = jdbc.queryForObject("SELECT attempts FROM compositions WHERE id = ?", Integer.class, id);
        return attempts == null ? 0 : attempts;
    }

    public Optional<Job> find(UUID id) {
        return first(jdbc.query("SELECT * FROM compositions WHERE id = ?", JOB, id));
    }

    private static <T> Optional<T> first(List<T> rows) {
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.getFirst());
    }

    private static final RowMapper<Claimed> CLAIMED = (rs, n) -> new Claimed(
            rs.getObject("id", UUID.class),
            rs.getString("request"),
            rs.getString("caller"),
            rs.getString("claimed_by"),
            rs.getInt("attempts"));

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
