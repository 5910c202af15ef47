package dev.wreg.server.metrics;

import dev.wreg.protocol.log.TlogPolicy;
import dev.wreg.server.log.CheckpointWitnessing;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The state gauges: log size, sequencer backlog, checkpoint age, each witness's cosignature age,
 * the composition queue. All of them read one {@link Snapshot}, taken by one small SQL query
 * (index probes only) at most every {@link #MAX_AGE}, however often and by how many scrapers
 * they are read; ages are computed from its timestamps at read time, so they keep growing
 * between refreshes. While the database cannot be reached the gauges read NaN.
 */
@Component
public class LogGauges implements MeterBinder {

    private static final Logger log = LoggerFactory.getLogger(LogGauges.class);

    static final Duration MAX_AGE = Duration.ofSeconds(2);

    /**
     * One row per witness (or one row without a witness): the newest checkpoint, the committed
     * entries no signed checkpoint covers yet, the queued compositions, and each witness's newest
     * cosignature (index log_cosignatures_by_witness).
     */
    private static final String QUERY = """
            SELECT s.log_size, s.signed_at, s.pending, s.oldest_pending, s.queued, w.name,
                   (SELECT max(c.received_at) FROM log_cosignatures c WHERE c.witness = w.name) AS cosigned_at
              FROM (SELECT (SELECT tree_size FROM log_checkpoints ORDER BY tree_size DESC LIMIT 1) AS log_size,
                           (SELECT signed_at FROM log_checkpoints ORDER BY tree_size DESC LIMIT 1) AS signed_at,
                           (SELECT count(*) FROM log_entries WHERE log_index IS NULL) AS pending,
                           (SELECT min(created_at) FROM log_entries WHERE log_index IS NULL) AS oldest_pending,
                           (SELECT count(*) FROM compositions WHERE status = 'queued') AS queued) s
              LEFT JOIN unnest(?::text[]) AS w(name) ON true
            """;

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final List<String> witnesses;
    private volatile Attempt attempt;

    @Autowired
    public LogGauges(JdbcTemplate jdbc, Clock clock, CheckpointWitnessing witnessing) {
        this(
                jdbc,
                clock,
                witnessing.policy().map(TlogPolicy::witnesses).orElse(List.of()).stream()
                        .map(TlogPolicy.Witness::name)
                        .toList());
    }

    /** Gauges for the witnesses named (one age gauge each). */
    LogGauges(JdbcTemplate jdbc, Clock clock, List<String> witnesses) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.witnesses = List.copyOf(witnesses);
    }

    /** What the database said at {@code takenAt}; timestamps are null where there is none. */
    record Snapshot(
            Instant takenAt,
            long logSize,
            Instant signedAt,
            long pending,
            Instant oldestPending,
            long queued,
            Map<String, Instant> cosignedAt) {}

    @Override
    public void bindTo(MeterRegistry registry) {
        gauge(
                registry,
                "wreg.log.size",
                null,
                "Entries in the log: tree size of the newest signed checkpoint",
                s -> s.logSize());
        gauge(
                registry,
                "wreg.checkpoint.age",
                "seconds",
                "Seconds since the newest checkpoint was signed",
                s -> s.signedAt() == null ? Double.NaN : secondsSince(s.signedAt()));
        gauge(
                registry,
                "wreg.sequencer.pending",
                "entries",
                "Committed log entries that no signed checkpoint covers yet (normally 0: a publish commits"
                        + " together with its checkpoint)",
                s -> s.pending());
        gauge(
                registry,
                "wreg.sequencer.lag",
                "seconds",
                "Seconds since the oldest entry no signed checkpoint covers was committed (0 when there is none)",
                s -> s.oldestPending() == null ? 0 : secondsSince(s.oldestPending()));
        gauge(
                registry,
                "wreg.composition.queue.depth",
                null,
                "Composition jobs queued and not yet claimed",
                s -> s.queued());
        for (String witness : witnesses) {
            Gauge.builder(
                            "wreg.witness.cosignature.age",
                            this,
                            gauges -> gauges.read(s -> {
                                Instant at = s.cosignedAt().get(witness);
                                return at == null ? Double.NaN : secondsSince(at);
                            }))
                    .description("Seconds since this witness's newest cosignature of the log arrived (NaN: none yet)")
                    .baseUnit("seconds")
                    .tag("witness", witness)
                    .strongReference(true)
                    .register(registry);
        }
    }

    private void gauge(
            MeterRegistry registry, String name, String unit, String description, ToDoubleFunction<Snapshot> value) {
        Gauge.builder(name, this, gauges -> gauges.read(value))
                .description(description)
                .baseUnit(unit)
                .strongReference(true)
                .register(registry);
    }

    private double secondsSince(Instant then) {
        return Math.max(0, Duration.between(then, clock.instant()).toMillis() / 1000.0);
    }

    private double read(ToDoubleFunction<Snapshot> value) {
        Snapshot current = current();
        return current == null ? Double.NaN : value.applyAsDouble(current);
    }

    /**
     * The snapshot, taken again if it is older than {@link #MAX_AGE}; null if taking it failed
     * within that time (a database outage costs one failed query per {@link #MAX_AGE}, not one
     * per gauge and scrape).
     */
    Snapshot current() {
        Instant now = clock.instant();
        Attempt last = attempt;
        if (last != null && last.at().plus(MAX_AGE).isAfter(now)) {
            return last.snapshot();
        }
        synchronized (this) {
            last = attempt;
            if (last != null && last.at().plus(MAX_AGE).isAfter(now)) {
                return last.snapshot();
            }
            Snapshot taken;
            try {
                taken = take(now);
            } catch (RuntimeException e) {
                log.debug("metrics snapshot failed: {}", e.getMessage());
                taken = null;
            }
            attempt = new Attempt(now, taken);
            return taken;
        }
    }

    /** The last time a snapshot was taken, and what came of it (null: it failed). */
    private record Attempt(Instant at, Snapshot snapshot) {}

    private Snapshot take(Instant now) {
        String[] names = witnesses.toArray(String[]::new);
        Map<String, Instant> cosigned = new HashMap<>();
        Snapshot[] first = new Snapshot[1];
        jdbc.query(
                QUERY,
                rs -> {
                    if (first[0] == null) {
                        first[0] = new Snapshot(
                                now,
                                rs.getLong("log_size"),
                                instant(rs.getTimestamp("signed_at")),
                                rs.getLong("pending"),
                                instant(rs.getTimestamp("oldest_pending")),
                                rs.getLong("queued"),
                                cosigned);
                    }
                    String witness = rs.getString("name");
                    Instant at = instant(rs.getTimestamp("cosigned_at"));
                    if (witness != null && at != null) {
                        cosigned.put(witness, at);
                    }
                },
                (Object) names);
        if (first[0] == null) {
            throw new IllegalStateException("the metrics query returned no row");
        }
        return first[0];
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
