package dev.wreg.validator.core;

/**
 * A decoding or validation failure inside the validator; turned into {@link ValidationResult}
 * at the {@link CoreValidator} edge and never seen by callers. Stack traces are not filled in:
 * invalid input is an expected outcome, not a programming error.
 */
final class ModuleError extends RuntimeException {
    private final long offset;

    ModuleError(String message, long offset) {
        super(message, null, false, false);
        this.offset = offset;
    }

    long offset() {
        return offset;
    }
}
