package dev.wreg.server.publish;

import dev.wreg.protocol.api.ProblemCodes;
import dev.wreg.server.database.DatabaseOutage;
import dev.wreg.server.refusal.Refusal;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Reads what the answer to a committed record needs (its inclusion proof, the package view) while
 * the database may be briefly out of reach. Once the record is committed, a failed read must not
 * become the usual "nothing was changed, retry" answer: that is untrue, and a client that believes
 * it signs its next record on the old head and is refused {@code stale-prev}. So such a read is
 * tried again for a while, and if the database still does not answer, the refusal says that the
 * record is in the log and how to get its answer (submitting the same envelope answers it again).
 */
final class AfterCommit {

    /** How long an answer to a committed record waits for the database to answer again. */
    static final Duration PATIENCE = Duration.ofSeconds(20);

    private static final long PAUSE_MILLIS = 200;

    /** Pauses between tries; tests pass one that does not sleep. */
    interface Pause {
        void pause(long millis) throws InterruptedException;
    }

    private AfterCommit() {}

    static <T> T read(String recordId, Supplier<T> read) {
        return read(recordId, read, PATIENCE, Thread::sleep);
    }

    static <T> T read(String recordId, Supplier<T> read, Duration patience, Pause pause) {
        long tries = Math.max(1, patience.toMillis() / PAUSE_MILLIS);
        for (long attempt = 1; ; attempt++) {
            try {
                return read.get();
            } catch (RuntimeException e) {
                if (!DatabaseOutage.isOutage(e)) {
                    throw e;
                }
                if (attempt >= tries) {
                    throw new Refusal(
                            Refusal.Kind.UNAVAILABLE,
                            ProblemCodes.DATABASE_UNAVAILABLE,
                            "record " + recordId + " was accepted and is in the log, but the database did not"
                                    + " answer in time to read the rest of the answer; submit the same envelope"
                                    + " again to get it",
                            e);
                }
            }
            try {
                pause.pause(PAUSE_MILLIS);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                throw new Refusal(
                        Refusal.Kind.UNAVAILABLE,
                        ProblemCodes.DATABASE_UNAVAILABLE,
                        "record " + recordId + " was accepted and is in the log; the registry is stopping"
                                + " before it could answer, submit the same envelope again to get its proof");
            }
        }
    }
}
