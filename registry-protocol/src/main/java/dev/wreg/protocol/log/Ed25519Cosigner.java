package dev.wreg.protocol.log;

import java.nio.ByteBuffer;

/**
 * A witness's Ed25519 cosigning key (c2sp.org/tlog-cosignature, signature type 0x04). One key per
 * cosigner: the signed message does not commit to the cosigner's name.
 */
public final class Ed25519Cosigner {
    private final String keyName;
    private final byte[] seed;
    private final VerifierKey verifierKey;

    private Ed25519Cosigner(String keyName, byte[] seed) {
        if (seed.length != Ed25519.KEY_SIZE) {
            throw new LogException(LogException.MALFORMED_KEY, "an Ed25519 seed is 32 bytes, got " + seed.length);
        }
        this.keyName = keyName;
        this.seed = seed.clone();
        this.verifierKey = VerifierKey.of(keyName, VerifierKey.TYPE_ED25519_COSIGNATURE, Ed25519.publicKey(this.seed));
    }

    public static Ed25519Cosigner fromSeed(String keyName, byte[] seed) {
        return new Ed25519Cosigner(keyName, seed);
    }

    public static Ed25519Cosigner generate(String keyName) {
        return new Ed25519Cosigner(keyName, Ed25519.generateSeed());
    }

    public VerifierKey verifierKey() {
        return verifierKey;
    }

    /** The cosignature line for {@code checkpoint} at {@code timestamp} (POSIX seconds). */
    public NoteSignature cosign(Checkpoint checkpoint, long timestamp) {
        if (timestamp < 0) {
            throw new IllegalArgumentException("cosignature timestamp must be within 0..2^63-1");
        }
        byte[] signature = Ed25519.sign(seed, CosignatureVerifier.signedMessage(timestamp, checkpoint.textBytes()));
        byte[] blob = ByteBuffer.allocate(CosignatureVerifier.SIGNATURE_SIZE)
                .putLong(timestamp)
                .put(signature)
                .array();
        return new NoteSignature(keyName, verifierKey.keyId(), blob);
    }

    @Override
    public String toString() {
        return "Ed25519Cosigner[" + verifierKey.text() + "]";
    }
}
