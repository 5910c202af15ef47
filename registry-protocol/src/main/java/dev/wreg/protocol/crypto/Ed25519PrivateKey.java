package dev.wreg.protocol.crypto;

import dev.wreg.protocol.ProtocolException;
import dev.wreg.protocol.internal.StrictBase64;
import java.security.SecureRandom;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/** An Ed25519 signing key, text form {@code ed25519:<base64 of the 32-byte seed>}. */
public final class Ed25519PrivateKey implements PrivateKey {

    private final Ed25519PrivateKeyParameters key;
    private final Ed25519PublicKey publicKey;

    /** From the 32-byte RFC 8032 seed; code {@code invalid-key} if the length is wrong. */
    public Ed25519PrivateKey(byte[] seed) {
        if (seed == null || seed.length != Ed25519PrivateKeyParameters.KEY_SIZE) {
            throw new ProtocolException(
                    "invalid-key",
                    "ed25519 private key must be a " + Ed25519PrivateKeyParameters.KEY_SIZE + "-byte seed");
        }
        this.key = new Ed25519PrivateKeyParameters(seed, 0);
        this.publicKey = new Ed25519PublicKey(key.generatePublicKey().getEncoded());
    }

    static Ed25519PrivateKey generate() {
        byte[] seed = new byte[Ed25519PrivateKeyParameters.KEY_SIZE];
        new SecureRandom().nextBytes(seed);
        return new Ed25519PrivateKey(seed);
    }

    @Override
    public String text() {
        return Ed25519PublicKey.PREFIX + StrictBase64.encode(key.getEncoded());
    }

    @Override
    public Ed25519PublicKey publicKey() {
        return publicKey;
    }

    @Override
    public byte[] sign(byte[] message) {
        Ed25519Signer signer = new Ed25519Signer();
        signer.init(true, key);
        signer.update(message, 0, message.length);
        return signer.generateSignature();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Ed25519PrivateKey other && publicKey.equals(other.publicKey);
    }

    @Override
    public int hashCode() {
        return publicKey.hashCode();
    }

    @Override
    public String toString() {
        return "Ed25519PrivateKey[public=" + publicKey.text() + "]";
    }
}
