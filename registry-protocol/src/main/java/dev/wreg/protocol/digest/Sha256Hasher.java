package dev.wreg.protocol.digest;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Computes a {@link Digest} incrementally, for content that arrives in pieces (uploads, streams).
 * Also counts the bytes seen, which upload code needs for size limits. Not thread-safe.
 */
public final class Sha256Hasher {

    private final MessageDigest digest;
    private long size;

    public Sha256Hasher() {
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    public Sha256Hasher update(byte[] data) {
        return update(data, 0, data.length);
    }

    public Sha256Hasher update(byte[] data, int offset, int length) {
        digest.update(data, offset, length);
        size += length;
        return this;
    }

    /** Bytes hashed so far. */
    public long size() {
        return size;
    }

    /** The digest of everything hashed; the hasher is reset afterwards. */
    public Digest digest() {
        size = 0;
        return new Digest(Digest.SHA256, digest.digest());
    }
}
