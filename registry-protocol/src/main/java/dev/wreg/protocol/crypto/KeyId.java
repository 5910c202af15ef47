package dev.wreg.protocol.crypto;

import dev.wreg.protocol.ProtocolException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * Names a public key: {@code sha256:<64 lowercase hex>} of the UTF-8 key text. DSSE signatures
 * carry it as their {@code keyid}.
 *
 * @param value the text form, e.g. {@code sha256:3f2a…}
 */
public record KeyId(String value) {

    public KeyId {
        Objects.requireNonNull(value, "value");
        if (!isWellFormed(value)) {
            throw new ProtocolException(
                    "invalid-key-id", "key ID must be \"sha256:\" followed by 64 lowercase hex digits");
        }
    }

    /** Parses {@code sha256:<64 lowercase hex>}; code {@code invalid-key-id} otherwise. */
    public static KeyId parse(String text) {
        if (text == null) {
            throw new ProtocolException("invalid-key-id", "key ID is missing");
        }
        return new KeyId(text);
    }

    /** The ID of {@code key}. */
    public static KeyId of(PublicKey key) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(key.text().getBytes(StandardCharsets.UTF_8));
            return new KeyId("sha256:" + HexFormat.of().formatHex(hash));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private static boolean isWellFormed(String value) {
        if (value.length() != 71 || !value.startsWith("sha256:")) {
            return false;
        }
        for (int i = 7; i < value.length(); i++) {
            char c = value.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return value;
    }
}
