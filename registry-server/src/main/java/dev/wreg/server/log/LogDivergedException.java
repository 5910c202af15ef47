package dev.wreg.server.log;

/**
 * The database and the log's signed checkpoint (kept beside the tiles) disagree in a way that
 * cannot be repaired from the entry bundles: signing anything now could fork the log, so nothing
 * is signed. The message says what disagrees and where.
 */
public final class LogDivergedException extends IllegalStateException {

    public LogDivergedException(String message) {
        super(message);
    }
}
