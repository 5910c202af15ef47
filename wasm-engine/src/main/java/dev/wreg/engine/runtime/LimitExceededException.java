package dev.wreg.engine.runtime;

/**
 * A guest went past a limit granted to it; {@link #limit()} names the limit ({@code memory},
 * {@code tables}, {@code instances}, {@code timeout}, {@code stack}, {@code output}, …) and the
 * message says what was asked for and what was allowed. The run (or instantiation) is over; the
 * host and other runs are unaffected.
 */
public class LimitExceededException extends RuntimeException {
    private final String limit;
    private final String detail;

    public LimitExceededException(String limit, String message) {
        super("limit `" + limit + "` exceeded: " + message);
        this.limit = limit;
        this.detail = message;
    }

    public String limit() {
        return limit;
    }

    /** What was asked for and what was allowed, without the limit's name. */
    public String detail() {
        return detail;
    }

    /** The limit breach behind {@code t}, if any, looking through wrapping traps. */
    public static java.util.Optional<LimitExceededException> findIn(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof LimitExceededException l) {
                return java.util.Optional.of(l);
            }
        }
        return java.util.Optional.empty();
    }
}
