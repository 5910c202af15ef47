package dev.wreg.validator.component;

/**
 * A component validation failure inside the validator, turned into a verdict at the {@link
 * ComponentValidator} edge. No stack trace: an invalid component is an expected outcome.
 */
final class ComponentInvalid extends RuntimeException {
    /** Where the problem is, when the thrower knows better than the item being checked; else -1. */
    private final long offset;

    ComponentInvalid(String message) {
        this(message, -1);
    }

    ComponentInvalid(String message, long offset) {
        super(message, null, false, false);
        this.offset = offset;
    }

    long offset() {
        return offset;
    }
}
