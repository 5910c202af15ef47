package dev.wreg.composer;

/**
 * A composition was refused. {@link #code()} is stable and kebab-case (for the CLI's exit codes
 * and, later, problem+json); the message names the item and the reason on one line.
 */
public final class CompositionException extends RuntimeException {
    private final String code;

    public CompositionException(String code, String message) {
        super(message);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
