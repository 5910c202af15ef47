package dev.wreg.protocol.digest;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * PLACEHOLDER from the blob-store branch (h/blobs) so it compiles before registry-protocol's real
 * Digest lands; drop it at merge in favour of the registry-protocol helper's version.
 */
public record Digest(String algorithm, byte[] bytes) {

    public static Digest parse(String text) {
        if (text == null || !text.matches("sha256:[0-9a-f]{64}")) {
            throw new IllegalArgumentException("invalid-digest: expected sha256:<64 lowercase hex>, got " + text);
        }
        return new Digest("sha256", HexFormat.of().parseHex(text.substring(7)));
    }

    public static Digest sha256(byte[] data) {
        try {
            return new Digest("sha256", MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public String hex() {
        return HexFormat.of().formatHex(bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Digest d && algorithm.equals(d.algorithm) && Arrays.equals(bytes, d.bytes);
    }

    @Override
    public int hashCode() {
        return algorithm.hashCode() * 31 + Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return algorithm + ":" + hex();
    }
}
