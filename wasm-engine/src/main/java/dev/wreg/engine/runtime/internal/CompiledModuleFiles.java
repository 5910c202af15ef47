package dev.wreg.engine.runtime.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import run.endive.compiler.Cache;

/**
 * Compiled core modules on disk, one file per module under the runtime's version, named by the
 * SHA-256 of the module's bytes: what the runtime's compiler writes after translating a module and
 * reads instead of translating it again, in this process or any later one.
 *
 * <p>Safe under concurrent processes: an entry is written to a temporary file in the same folder
 * and renamed into place in one step, so a reader sees a whole entry or none; two processes
 * compiling the same module write the same bytes, and the later rename simply wins. Each file
 * carries the SHA-256 of its content; an entry that is truncated, overwritten or otherwise
 * damaged fails that check, is deleted and counts as absent, so the module is compiled and
 * stored afresh. Disk errors never fail a run: the cache is then just not used.
 */
final class CompiledModuleFiles implements Cache {
    private static final byte[] MAGIC = {'w', 'r', 'e', 'g', 'c', 'm', '1', '\n'};
    private static final int HEADER = MAGIC.length + 32;

    private final Path dir;
    private final AtomicLong reads = new AtomicLong();
    private final AtomicLong writes = new AtomicLong();
    private final AtomicLong damaged = new AtomicLong();

    /** Entries go to {@code root/<runtime>-<version>/}: another runtime version compiles anew. */
    CompiledModuleFiles(Path root) {
        this.dir = root.resolve("endive-" + runtimeVersion());
    }

    Path directory() {
        return dir;
    }

    /** Entries read, written, and found damaged (and dropped) by this process. */
    record Counts(long reads, long writes, long damaged) {}

    Counts counts() {
        return new Counts(reads.get(), writes.get(), damaged.get());
    }

    /** The file of the module whose SHA-256 is {@code hexDigest}. */
    Path file(String hexDigest) {
        return dir.resolve(hexDigest + ".jar.bin");
    }

    /** Whether a file for this module exists (its content is checked when it is read). */
    boolean has(String hexDigest) {
        return Files.isRegularFile(file(hexDigest));
    }

    @Override
    public byte[] get(String key) {
        Path f = file(hex(key));
        byte[] all;
        try {
            all = Files.readAllBytes(f);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            return null;
        }
        byte[] content = checked(all);
        if (content == null) {
            damaged.incrementAndGet();
            try {
                Files.deleteIfExists(f);
            } catch (IOException e) {
                // Another process may hold or have replaced it; the next write puts a good one there.
            }
            return null;
        }
        reads.incrementAndGet();
        return content;
    }

    @Override
    public void putIfAbsent(String key, byte[] data) {
        Path f = file(hex(key));
        Path tmp = null;
        try {
            Files.createDirectories(dir);
            tmp = Files.createTempFile(dir, f.getFileName().toString(), ".tmp");
            byte[] all = new byte[HEADER + data.length];
            System.arraycopy(MAGIC, 0, all, 0, MAGIC.length);
            System.arraycopy(sha256(data), 0, all, MAGIC.length, 32);
            System.arraycopy(data, 0, all, HEADER, data.length);
            Files.write(tmp, all);
            try {
                Files.move(tmp, f, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING);
            }
            tmp = null;
            writes.incrementAndGet();
        } catch (IOException e) {
            // A read-only or full disk: the module stays compiled in memory for this process.
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException e) {
                    // nothing more to do
                }
            }
        }
    }

    /** The content of an entry whose header and checksum hold, else null. */
    private static byte[] checked(byte[] all) {
        if (all.length < HEADER || !Arrays.equals(all, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            return null;
        }
        byte[] content = Arrays.copyOfRange(all, HEADER, all.length);
        byte[] want = Arrays.copyOfRange(all, MAGIC.length, HEADER);
        return MessageDigest.isEqual(want, sha256(content)) ? content : null;
    }

    /**
     * The runtime hands keys as {@code sha-256:<base64 digest>}; files are named by the hex digest,
     * the same name {@link ModuleCache} uses for the module.
     */
    static String hex(String key) {
        int colon = key.indexOf(':');
        try {
            return HexFormat.of().formatHex(Base64.getDecoder().decode(key.substring(colon + 1)));
        } catch (IllegalArgumentException e) {
            return HexFormat.of().formatHex(sha256(key.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        }
    }

    private static byte[] sha256(byte[] b) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(b);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** The runtime's version, from its jar's Maven metadata ("unknown" when run from classes). */
    static String runtimeVersion() {
        try (InputStream in = Cache.class.getResourceAsStream("/META-INF/maven/run.endive/compiler/pom.properties")) {
            if (in != null) {
                Properties p = new Properties();
                p.load(in);
                return p.getProperty("version", "unknown");
            }
        } catch (IOException e) {
            // fall through
        }
        return "unknown";
    }
}
