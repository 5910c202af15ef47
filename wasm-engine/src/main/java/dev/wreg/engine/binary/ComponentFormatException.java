package dev.wreg.engine.binary;

/**
 * A component binary could not be accepted. Carries the byte offset (from the start of the
 * outermost input) where the problem was found; {@link #getMessage()} reads like wasm-tools,
 * e.g. {@code unexpected end-of-file (at offset 0x1f)}.
 */
public abstract sealed class ComponentFormatException extends RuntimeException
        permits MalformedComponentException, InvalidComponentException {
    private final String reason;
    private final long offset;

    ComponentFormatException(String reason, long offset) {
        super(reason + " (at offset 0x" + Long.toHexString(offset) + ")");
        this.reason = reason;
        this.offset = offset;
    }

    /** The message without the offset suffix. */
    public String reason() {
        return reason;
    }

    /** Byte offset of the problem in the input. */
    public long offset() {
        return offset;
    }
}
