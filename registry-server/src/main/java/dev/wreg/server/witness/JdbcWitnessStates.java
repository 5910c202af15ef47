package dev.wreg.server.witness;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * Witness state in PostgreSQL. Each statement commits on its own; the compare-and-swap is a single
 * conditional UPDATE (or an INSERT that yields to a concurrent one), so PostgreSQL's row lock
 * serialises racing requests and the loser sees zero rows changed.
 */
@Repository
public class JdbcWitnessStates implements WitnessStates {

    private final JdbcTemplate jdbc;
    private final Clock clock;

    public JdbcWitnessStates(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Override
    public Optional<WitnessState> find(String origin) {
        return jdbc
                .query(
                        "SELECT tree_size, root_hash FROM witness_checkpoints WHERE origin = ?",
                        (rs, n) -> new WitnessState(rs.getLong(1), rs.getBytes(2)),
                        origin)
                .stream()
                .findFirst();
    }

    @Override
    public boolean compareAndSet(String origin, Optional<WitnessState> expected, WitnessState next, byte[] note) {
        Timestamp now = Timestamp.from(clock.instant());
        if (expected.isEmpty()) {
            return jdbc.update(
                            "INSERT INTO witness_checkpoints (origin, tree_size, root_hash, note, updated_at)"
                                    + " VALUES (?, ?, ?, ?, ?) ON CONFLICT (origin) DO NOTHING",
                            origin,
                            next.size(),
                            next.rootHash(),
                            note,
                            now)
                    == 1;
        }
        return jdbc.update(
                        "UPDATE witness_checkpoints SET tree_size = ?, root_hash = ?, note = ?, updated_at = ?"
                                + " WHERE origin = ? AND tree_size = ? AND root_hash = ?",
                        next.size(),
                        next.rootHash(),
                        note,
                        now,
                        origin,
                        expected.get().size(),
                        expected.get().rootHash())
                == 1;
    }
}
