package dev.wreg.engine.binary;

/**
 * The bytes decode, but break a validation rule of the component model (a dangling index, a type
 * mismatch, a duplicate name, …). The decoder itself only checks the grammar; validators report
 * their findings with this type so callers can tell the two apart.
 */
public final class InvalidComponentException extends ComponentFormatException {
    public InvalidComponentException(String reason, long offset) {
        super(reason, offset);
    }
}
