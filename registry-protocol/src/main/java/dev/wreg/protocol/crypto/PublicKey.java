package dev.wreg.protocol.crypto;

import dev.wreg.protocol.ProtocolException;
import dev.wreg.protocol.internal.StrictBase64;

/**
 * A signer's public key in one of the two algorithms the protocol allows. Its text form
 * ({@code ed25519:<base64>} or {@code ecdsa-p256:<base64 SEC1 compressed point>}, as warg writes
 * them) is what records carry and what the {@link KeyId} hashes.
 */
public sealed interface PublicKey permits Ed25519PublicKey, EcdsaP256PublicKey {

    /** Parses the text form; code {@code invalid-key} when it is not a valid key. */
    static PublicKey parse(String text) {
        if (text == null) {
            throw new ProtocolException("invalid-key", "public key is missing");
        }
        if (text.length() > 200) {
            throw new ProtocolException("invalid-key", "public key text is too long to be a key");
        }
        if (text.startsWith(Ed25519PublicKey.PREFIX)) {
            byte[] bytes = StrictBase64.decode(
                    text.substring(Ed25519PublicKey.PREFIX.length()), "invalid-key", "ed25519 public key");
            return new Ed25519PublicKey(bytes);
        }
        if (text.startsWith(EcdsaP256PublicKey.PREFIX)) {
            byte[] bytes = StrictBase64.decode(
                    text.substring(EcdsaP256PublicKey.PREFIX.length()), "invalid-key", "ecdsa-p256 public key");
            return new EcdsaP256PublicKey(bytes);
        }
        throw new ProtocolException(
                "invalid-key", "public key must start with \"ed25519:\" or \"ecdsa-p256:\" (algorithm prefix)");
    }

    /** The text form, e.g. {@code ed25519:<base64 of 32 bytes>}. */
    String text();

    /** The algorithm prefix without the colon: {@code ed25519} or {@code ecdsa-p256}. */
    String algorithm();

    /** {@code sha256:} of the UTF-8 text form. */
    default KeyId keyId() {
        return KeyId.of(this);
    }

    /**
     * Whether {@code signature} is a valid signature of {@code message} by this key (Ed25519: the
     * 64-byte signature; ECDSA P-256: SHA-256 and a DER-encoded signature). Never throws for
     * malformed signatures; they simply do not verify.
     */
    boolean verify(byte[] message, byte[] signature);
}
