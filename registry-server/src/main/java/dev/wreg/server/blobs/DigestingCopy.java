package dev.wreg.server.blobs;

import dev.wreg.protocol.digest.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Copies an upload to a sink in small chunks while hashing it, so a blob of any size costs one
 * buffer of memory, and stops reading as soon as the size limit is passed.
 */
final class DigestingCopy {

    static final int BUFFER_SIZE = 64 * 1024;

    record Result(Digest digest, long size) {}

    private DigestingCopy() {}

    /**
     * Copies {@code in} to {@code out}. Failures reading {@code in} are {@code upload-interrupted};
     * failures writing {@code out} are {@code storage-unavailable}.
     */
    static Result copy(InputStream in, OutputStream out, long maxBytes) {
        if (maxBytes < 0) {
            throw new IllegalArgumentException("maxBytes must not be negative: " + maxBytes);
        }
        MessageDigest sha256 = newSha256();
        byte[] buffer = new byte[BUFFER_SIZE];
        long total = 0;
        while (true) {
            int n;
            try {
                n = in.read(buffer);
            } catch (IOException e) {
                throw new BlobStoreException(
                        BlobStoreException.UPLOAD_INTERRUPTED, "reading the upload failed: " + e.getMessage(), e);
            }
            if (n < 0) {
                break;
            }
            total += n;
            if (total > maxBytes) {
                throw BlobStoreException.payloadTooLarge(maxBytes);
            }
            sha256.update(buffer, 0, n);
            try {
                out.write(buffer, 0, n);
            } catch (IOException e) {
                throw BlobStoreException.storageUnavailable("writing the upload failed", e);
            }
        }
        return new Result(toDigest(sha256.digest()), total);
    }

    /**
     * For a blob that is already stored: still reads and hashes the upload so a client that sent
     * wrong bytes hears about it, but writes nothing.
     */
    static StoredBlob verifyAgainst(BlobInfo existing, InputStream in, long maxBytes) {
        Result result = copy(in, OutputStream.nullOutputStream(), maxBytes);
        if (!same(existing.digest(), result.digest())) {
            throw BlobStoreException.digestMismatch(existing.digest(), result.digest());
        }
        return new StoredBlob(existing.digest(), existing.size(), false);
    }

    static Digest toDigest(byte[] sha256) {
        // Going through parse keeps us on Digest's documented API only.
        return Digest.parse("sha256:" + HexFormat.of().formatHex(sha256));
    }

    /** Digest equality on the textual form, independent of how Digest implements equals. */
    static boolean same(Digest a, Digest b) {
        return a.toString().equals(b.toString());
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
