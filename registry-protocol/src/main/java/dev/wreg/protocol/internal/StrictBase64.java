package dev.wreg.protocol.internal;

import dev.wreg.protocol.ProtocolException;
import java.util.Base64;

/**
 * Standard base64 (RFC 4648 §4, with padding) that accepts exactly one spelling per byte string.
 *
 * <p>The JDK decoder tolerates missing padding and non-zero trailing bits, so two different texts
 * could decode to the same key or signature; re-encoding and comparing closes that gap.
 */
public final class StrictBase64 {

    private StrictBase64() {}

    public static String encode(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    /** Decodes canonical padded base64 or throws a {@link ProtocolException} with {@code code}. */
    public static byte[] decode(String text, String code, String what) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new ProtocolException(code, what + " is not valid base64");
        }
        if (!Base64.getEncoder().encodeToString(bytes).equals(text)) {
            throw new ProtocolException(code, what + " is not canonical padded base64");
        }
        return bytes;
    }
}
