package dev.wreg.engine.runtime.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Compiled core modules on disk, one file per module under the runtime's version, named by the
 * SHA-256 of the module's bytes: the JVM classes the runtime's compiler made for a module and the
 * functions it left to the interpreter, which a later process loads instead of compiling again
 * — and, knowing which bodies it still needs, without parsing the others ({@link StubbedBodies}).
 *
 * <p>Safe under concurrent processes: an entry is written to a temporary file in the same folder
 * and renamed into place in one step, so a reader sees a whole entry or none; two processes
 * compiling the same module write the same bytes, and the later rename simply wins. Each file
 * carries the SHA-256 of its content; an entry that is truncated, overwritten or otherwise
 * damaged fails that check, is deleted and counts as absent, so the module is compiled and
 * stored afresh. Disk errors never fail a run: the cache is then just not used.
 */
final class CompiledModuleFiles {
    /** Version 2: our own layout (classes and interpreted functions); version 1 files are not read. */
    private static final byte[] MAGIC = {'w', 'r', 'e', 'g', 'c', 'm', '2', '\n'};

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

    /**
     * What the compiler made of one module: its classes by name (the main class first) and the
     * functions (by index, imports counted) that run in the interpreter.
     */
    record Compiled(String mainClass, Map<String, byte[]> classes, Set<Integer> interpreted) {}

    /** The file of the module whose SHA-256 is {@code hexDigest}. */
    Path file(String hexDigest) {
        return dir.resolve(hexDigest + ".classes.bin");
    }

    /** Whether a file for this module exists (its content is checked when it is read). */
    boolean has(String hexDigest) {
        return Files.isRegularFile(file(hexDigest));
    }

    /** The stored compilation of this module, or null when absent or damaged (then deleted). */
    Compiled read(String hexDigest) {
        Path f = file(hexDigest);
        byte[] all;
        try {
            all = Files.readAllBytes(f);
        } catch (IOException e) {
            return null;
        }
        Compiled c = decode(checked(all));
        if (c == null) {
            damaged.incrementAndGet();
            drop(hexDigest);
            return null;
        }
        reads.incrementAndGet();
        return c;
    }

    /** Deletes an entry that does not load (another process may already have replaced it). */
    void drop(String hexDigest) {
        try {
            Files.deleteIfExists(file(hexDigest));
        } catch (IOException e) {
            // The next write puts a good one there.
        }
    }

    void write(String hexDigest, Compiled compiled) {
        Path f = file(hexDigest);
        Path tmp = null;
        try {
            byte[] data = encode(compiled);
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

    private static byte[] encode(Compiled c) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            int[] interpreted = c.interpreted().stream()
                    .mapToInt(Integer::intValue)
                    .sorted()
                    .toArray();
            out.writeInt(interpreted.length);
            for (int i : interpreted) {
                out.writeInt(i);
            }
            out.writeUTF(c.mainClass());
            out.writeInt(c.classes().size());
            for (Map.Entry<String, byte[]> e : c.classes().entrySet()) {
                out.writeUTF(e.getKey());
                out.writeInt(e.getValue().length);
                out.write(e.getValue());
            }
        }
        return bytes.toByteArray();
    }

    /** The entry's content, or null when it does not hold together. */
    private static Compiled decode(byte[] content) {
        if (content == null) {
            return null;
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(content))) {
            int n = in.readInt();
            if (n < 0 || n > content.length / 4) {
                return null;
            }
            Set<Integer> interpreted = new HashSet<>();
            for (int i = 0; i < n; i++) {
                interpreted.add(in.readInt());
            }
            String main = in.readUTF();
            int classes = in.readInt();
            if (classes < 1 || classes > content.length) {
                return null;
            }
            Map<String, byte[]> byName = new LinkedHashMap<>();
            for (int i = 0; i < classes; i++) {
                String name = in.readUTF();
                int len = in.readInt();
                if (len < 0 || len > in.available()) {
                    return null;
                }
                byName.put(name, in.readNBytes(len));
            }
            if (in.available() != 0 || !byName.containsKey(main)) {
                return null;
            }
            return new Compiled(main, byName, Set.copyOf(interpreted));
        } catch (IOException e) {
            return null;
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

    private static byte[] sha256(byte[] b) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(b);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** The runtime's version, from its jar's Maven metadata ("unknown" when run from classes). */
    static String runtimeVersion() {
        try (InputStream in =
                ModuleCache.class.getResourceAsStream("/META-INF/maven/run.endive/compiler/pom.properties")) {
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
