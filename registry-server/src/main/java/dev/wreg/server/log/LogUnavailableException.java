package dev.wreg.server.log;

import dev.wreg.protocol.api.ProblemCodes;
import dev.wreg.server.refusal.Refusal;

/**
 * The log cannot take new entries right now (its signed checkpoint and the database are being
 * brought back into agreement after an outage); nothing was committed and a retry will succeed
 * once {@link LogRecovery} has run.
 */
public final class LogUnavailableException extends Refusal {

    public static final String CODE = ProblemCodes.LOG_UNAVAILABLE;

    public LogUnavailableException(String message) {
        super(Kind.UNAVAILABLE, CODE, message);
    }
}
