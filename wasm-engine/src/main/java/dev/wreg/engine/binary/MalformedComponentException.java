package dev.wreg.engine.binary;

/**
 * The bytes do not follow the binary grammar: truncated input, a wrong preamble, an unknown
 * opcode, an over-long LEB128, a size beyond the input, invalid UTF-8, nesting beyond the limit.
 * Thrown by {@link ComponentDecoder}.
 */
public final class MalformedComponentException extends ComponentFormatException {
    public MalformedComponentException(String reason, long offset) {
        super(reason, offset);
    }
}
