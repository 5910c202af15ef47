package dev.wreg.protocol.crypto;

import dev.wreg.protocol.ProtocolException;
import dev.wreg.protocol.internal.StrictBase64;
import java.util.Arrays;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/** An Ed25519 public key (RFC 8032), text form {@code ed25519:<base64 of the 32-byte key>}. */
public final class Ed25519PublicKey implements PublicKey {

    static final String PREFIX = "ed25519:";

    private final byte[] bytes;
    private final String text;

    /** From the 32-byte encoded point; code {@code invalid-key} if it is not a curve point. */
    public Ed25519PublicKey(byte[] bytes) {
        if (bytes == null || bytes.length != Ed25519.PUBLIC_KEY_SIZE) {
            throw new ProtocolException(
                    "invalid-key", "ed25519 public key must be " + Ed25519.PUBLIC_KEY_SIZE + " bytes");
        }
        if (!Ed25519.validatePublicKeyPartial(bytes, 0)) {
            throw new ProtocolException("invalid-key", "ed25519 public key is not a valid curve point");
        }
        this.bytes = bytes.clone();
        this.text = PREFIX + StrictBase64.encode(this.bytes);
    }

    /** The 32-byte encoded key (a copy). */
    public byte[] bytes() {
        return bytes.clone();
    }

    @Override
    public String text() {
        return text;
    }

    @Override
    public String algorithm() {
        return "ed25519";
    }

    @Override
    public boolean verify(byte[] message, byte[] signature) {
        if (message == null || signature == null || signature.length != Ed25519.SIGNATURE_SIZE) {
            return false;
        }
        Ed25519Signer verifier = new Ed25519Signer();
        verifier.init(false, new Ed25519PublicKeyParameters(bytes, 0));
        verifier.update(message, 0, message.length);
        return verifier.verifySignature(signature);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Ed25519PublicKey other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return text;
    }
}
