package dev.wreg.engine.wit.component;

/** A component whose types cannot be expressed as WIT, or whose type references do not resolve. */
public final class WitDecodeException extends RuntimeException {
    public WitDecodeException(String message) {
        super(message);
    }
}
