package dev.wreg.server.config;

/**
 * The server will not start, for a reason its message states in one line that an operator can act
 * on (a port in use, a data directory another server holds). {@link OneLineStartFailureReporter}
 * prints just that line instead of Spring's stack trace.
 */
public class CannotStartException extends RuntimeException {

    public CannotStartException(String message) {
        super(message);
    }

    public CannotStartException(String message, Throwable cause) {
        super(message, cause);
    }
}
