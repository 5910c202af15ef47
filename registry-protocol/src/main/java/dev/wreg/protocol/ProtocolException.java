package dev.wreg.protocol;

import java.util.Objects;

/**
 * Any input the protocol refuses: a malformed name, version, key, digest, envelope or record.
 *
 * <p>{@link #code()} is stable and kebab-case (for example {@code invalid-name}); the REST layer
 * puts it into problem+json and the CLI maps it to an exit code, so it never changes once
 * published. The message says what was wrong in a way a user can act on.
 */
public class ProtocolException extends RuntimeException {

    private final String code;

    public ProtocolException(String code, String message) {
        super(message);
        this.code = Objects.requireNonNull(code, "code");
    }

    public ProtocolException(String code, String message, Throwable cause) {
        super(message, cause);
        this.code = Objects.requireNonNull(code, "code");
    }

    /** The stable, machine-readable reason, e.g. {@code invalid-name}. */
    public String code() {
        return code;
    }
}
