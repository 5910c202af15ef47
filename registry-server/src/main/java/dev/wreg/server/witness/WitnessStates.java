package dev.wreg.server.witness;

import java.util.Optional;

/** Where a witness keeps, per log origin, the latest checkpoint it cosigned. */
public interface WitnessStates {

    Optional<WitnessState> find(String origin);

    /**
     * Replaces the state of {@code origin} with {@code next} only if it still is {@code expected}
     * (empty: no state yet), atomically; this is what stops two concurrent requests from rolling the
     * witness back (c2sp.org/tlog-witness describes the race).
     *
     * @param note the submitted checkpoint note, kept as evidence
     * @return whether the state was replaced
     */
    boolean compareAndSet(String origin, Optional<WitnessState> expected, WitnessState next, byte[] note);
}
