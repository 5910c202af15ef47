package dev.wreg.protocol.crypto;

import dev.wreg.protocol.ProtocolException;
import dev.wreg.protocol.internal.StrictBase64;

/**
 * A signing key. Text forms: {@code ed25519:<base64 of the 32-byte seed>} and
 * {@code ecdsa-p256:<base64 of the 32-byte big-endian scalar>}. {@code toString()} never shows
 * the secret; only {@link #text()} does.
 */
public sealed interface PrivateKey permits Ed25519PrivateKey, EcdsaP256PrivateKey {

    /** A fresh Ed25519 key from the system's secure random source. */
    static PrivateKey generateEd25519() {
        return Ed25519PrivateKey.generate();
    }

    /** A fresh ECDSA P-256 key from the system's secure random source. */
    static PrivateKey generateEcdsaP256() {
        return EcdsaP256PrivateKey.generate();
    }

    /** Parses the text form; code {@code invalid-key} when it is not a valid private key. */
    static PrivateKey parse(String text) {
        if (text == null) {
            throw new ProtocolException("invalid-key", "private key is missing");
        }
        if (text.length() > 200) {
            throw new ProtocolException("invalid-key", "private key text is too long to be a key");
        }
        String trimmed = text.strip();
        if (trimmed.startsWith(Ed25519PublicKey.PREFIX)) {
            return new Ed25519PrivateKey(StrictBase64.decode(
                    trimmed.substring(Ed25519PublicKey.PREFIX.length()), "invalid-key", "ed25519 private key"));
        }
        if (trimmed.startsWith(EcdsaP256PublicKey.PREFIX)) {
            return new EcdsaP256PrivateKey(StrictBase64.decode(
                    trimmed.substring(EcdsaP256PublicKey.PREFIX.length()), "invalid-key", "ecdsa-p256 private key"));
        }
        throw new ProtocolException(
                "invalid-key", "private key must start with \"ed25519:\" or \"ecdsa-p256:\" (algorithm prefix)");
    }

    /** The secret text form. Handle with care: whoever reads it can sign as this key. */
    String text();

    PublicKey publicKey();

    /** Signs {@code message} (Ed25519: 64 bytes; ECDSA P-256: SHA-256, deterministic, DER). */
    byte[] sign(byte[] message);

    /** Shorthand for {@code publicKey().keyId()}. */
    default KeyId keyId() {
        return publicKey().keyId();
    }
}
