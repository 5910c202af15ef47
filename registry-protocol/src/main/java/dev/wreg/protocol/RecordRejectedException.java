package dev.wreg.protocol;

/**
 * A well-formed record that the package-log (or operator-log) state machine refuses to append,
 * for example because its signer lacks a permission ({@code unauthorized}) or its {@code prev}
 * is not the current head ({@code stale-prev}). See {@code docs/protocol.md} for the codes.
 */
public class RecordRejectedException extends ProtocolException {

    public RecordRejectedException(String code, String message) {
        super(code, message);
    }
}
