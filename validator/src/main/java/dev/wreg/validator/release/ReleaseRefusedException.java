package dev.wreg.validator.release;

import java.util.Objects;

/**
 * A release {@link ReleaseCheck} refuses: the {@link Step} that failed, a stable problem code
 * ({@code policy-violation}, {@code not-a-component}, {@code invalid-component},
 * {@code semver-violation}) and a message that names the broken rule.
 */
public final class ReleaseRefusedException extends RuntimeException {

    /** The steps of a release check, in the order they run. */
    public enum Step {
        SIZE,
        HEADER,
        VALIDATION,
        POLICY,
        SEMVER
    }

    private final Step step;
    private final String code;

    public ReleaseRefusedException(Step step, String code, String message) {
        super(message);
        this.step = Objects.requireNonNull(step, "step");
        this.code = Objects.requireNonNull(code, "code");
    }

    public Step step() {
        return step;
    }

    public String code() {
        return code;
    }
}
