package dev.wreg.server.blobs;

import dev.wreg.protocol.digest.Digest;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.function.LongConsumer;

/**
 * A deterministic pseudo-random byte stream of a given size that is generated as it is read, so a
 * test can upload a large blob without ever holding it, and can see how far the store has read.
 */
final class GeneratedInputStream extends InputStream {

    private final long size;
    private long state;
    private long served;
    private final long probeAt;
    private final LongConsumer probe;
    private boolean probed;

    GeneratedInputStream(long size, long seed) {
        this(size, seed, Long.MAX_VALUE, served -> {});
    }

    /** Calls {@code probe} once, the first time at least {@code probeAt} bytes were served. */
    GeneratedInputStream(long size, long seed, long probeAt, LongConsumer probe) {
        this.size = size;
        this.state = seed == 0 ? 0x9E3779B97F4A7C15L : seed;
        this.probeAt = probeAt;
        this.probe = probe;
    }

    long served() {
        return served;
    }

    @Override
    public int read() {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) {
        if (!probed && served >= probeAt) {
            probed = true;
            probe.accept(served);
        }
        if (served >= size) {
            return -1;
        }
        int n = (int) Math.min(len, size - served);
        for (int i = 0; i < n; i++) {
            // xorshift64: cheap and deterministic, so the digest can be recomputed independently.
            state ^= state << 13;
            state ^= state >>> 7;
            state ^= state << 17;
            b[off + i] = (byte) state;
        }
        served += n;
        return n;
    }

    /** The digest of what a stream with this size and seed yields, computed by streaming it once. */
    static Digest digestOf(long size, long seed) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            GeneratedInputStream in = new GeneratedInputStream(size, seed);
            byte[] buffer = new byte[64 * 1024];
            int n;
            while ((n = in.read(buffer, 0, buffer.length)) > 0) {
                sha256.update(buffer, 0, n);
            }
            return Digest.parse("sha256:" + HexFormat.of().formatHex(sha256.digest()));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
