package dev.wreg.server.log;

/**
 * The log cannot take new entries right now (its signed checkpoint and the database are being
 * brought back into agreement after an outage); nothing was committed and a retry will succeed
 * once {@link LogRecovery} has run.
 */
public final class LogUnavailableException extends RuntimeException {

    public static final String CODE = "log-unavailable";

    public LogUnavailableException(String message) {
        super(message);
    }
}
