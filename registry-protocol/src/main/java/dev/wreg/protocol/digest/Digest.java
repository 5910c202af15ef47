package dev.wreg.protocol.digest;

import dev.wreg.protocol.ProtocolException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A content digest, written {@code sha256:<64 lowercase hex>}. Blobs, record IDs and
 * {@code prev} links all use it. Only SHA-256 exists today; the algorithm field leaves room.
 *
 * @param algorithm {@code sha256}
 * @param bytes the 32 hash bytes (the accessor returns a copy)
 */
public record Digest(String algorithm, byte[] bytes) {

    public static final String SHA256 = "sha256";

    private static final HexFormat HEX = HexFormat.of();

    public Digest {
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(bytes, "bytes");
        if (!algorithm.equals(SHA256)) {
            throw new ProtocolException("invalid-digest", "unsupported digest algorithm \"" + algorithm + "\"");
        }
        if (bytes.length != 32) {
            throw new ProtocolException("invalid-digest", "a sha256 digest has 32 bytes, not " + bytes.length);
        }
        bytes = bytes.clone();
    }

    /** Parses exactly {@code sha256:} followed by 64 lowercase hex digits; code {@code invalid-digest}. */
    public static Digest parse(String text) {
        if (text == null) {
            throw new ProtocolException("invalid-digest", "digest is missing");
        }
        if (text.length() != 71 || !text.startsWith("sha256:")) {
            throw new ProtocolException(
                    "invalid-digest", "digest must be \"sha256:\" followed by 64 lowercase hex digits");
        }
        for (int i = 7; i < 71; i++) {
            char c = text.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                throw new ProtocolException(
                        "invalid-digest", "digest must be \"sha256:\" followed by 64 lowercase hex digits");
            }
        }
        return new Digest(SHA256, HEX.parseHex(text, 7, 71));
    }

    /** The SHA-256 digest of {@code data}. */
    public static Digest sha256(byte[] data) {
        Sha256Hasher hasher = new Sha256Hasher();
        hasher.update(data);
        return hasher.digest();
    }

    /** The SHA-256 digest of everything {@code in} yields (not closed). */
    public static Digest sha256(InputStream in) throws IOException {
        Sha256Hasher hasher = new Sha256Hasher();
        byte[] buffer = new byte[64 * 1024];
        for (int n; (n = in.read(buffer)) != -1; ) {
            hasher.update(buffer, 0, n);
        }
        return hasher.digest();
    }

    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    /** The 64 lowercase hex digits. */
    public String hex() {
        return HEX.formatHex(bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Digest other && algorithm.equals(other.algorithm) && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return 31 * algorithm.hashCode() + Arrays.hashCode(bytes);
    }

    /** {@code sha256:<hex>}. */
    @Override
    public String toString() {
        return algorithm + ":" + hex();
    }
}
