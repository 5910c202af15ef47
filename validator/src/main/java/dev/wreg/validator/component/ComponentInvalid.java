package dev.wreg.validator.component;

/**
 * A component validation failure inside the validator, turned into a verdict at the {@link
 * ComponentValidator} edge. No stack trace: an invalid component is an expected outcome.
 */
final class ComponentInvalid extends RuntimeException {
    ComponentInvalid(String message) {
        super(message, null, false, false);
    }
}
