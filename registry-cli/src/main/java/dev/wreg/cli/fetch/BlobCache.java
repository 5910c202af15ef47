package dev.wreg.cli.fetch;

import dev.wreg.cli.CliException;
import dev.wreg.cli.client.RegistryClient;
import dev.wreg.cli.client.TransferListener;
import dev.wreg.protocol.digest.Digest;
import dev.wreg.protocol.digest.Sha256Hasher;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Blobs by digest under {@code $XDG_CACHE_HOME/wreg/blobs/sha256/<hex>}. A blob enters the cache
 * only after its digest and size matched the signed release; a cached blob is re-hashed before
 * use, so a corrupted cache is noticed and refetched rather than trusted.
 */
public final class BlobCache {

    private final Path dir;
    private final PrintStream notes;

    public BlobCache(Path cacheDir, PrintStream notes) {
        this.dir = cacheDir.resolve("blobs").resolve("sha256");
        this.notes = notes;
    }

    public Path pathOf(Digest digest) {
        return dir.resolve(digest.hex());
    }

    /**
     * The blob if the cache holds it with the right digest and size, without any download (for
     * {@code --offline}); a corrupt copy is removed.
     */
    public java.util.Optional<Path> cached(Digest digest, long size) {
        Path cached = pathOf(digest);
        if (!Files.isRegularFile(cached)) {
            return java.util.Optional.empty();
        }
        if (matches(cached, digest, size)) {
            return java.util.Optional.of(cached);
        }
        notes.println("wreg: warning: cached " + digest + " is corrupt; removing it");
        delete(cached);
        return java.util.Optional.empty();
    }

    /** The verified blob, from the cache or downloaded. */
    public Path get(Digest digest, long size, RegistryClient client) {
        return get(digest, size, client, TransferListener.NONE);
    }

    /** As {@link #get(Digest, long, RegistryClient)}, telling {@code progress} how a download goes. */
    public Path get(Digest digest, long size, RegistryClient client, TransferListener progress) {
        Path cached = pathOf(digest);
        if (Files.isRegularFile(cached)) {
            if (matches(cached, digest, size)) {
                return cached;
            }
            notes.println("wreg: warning: cached " + digest + " is corrupt; fetching it again");
            delete(cached);
        }
        try {
            Files.createDirectories(dir);
            Path temp = Files.createTempFile(dir, "." + digest.hex(), ".part");
            try {
                Sha256Hasher hasher = new Sha256Hasher();
                long received = 0;
                try (InputStream in = client.openBlob(digest);
                        OutputStream out = Files.newOutputStream(temp)) {
                    byte[] buffer = new byte[64 * 1024];
                    for (int n; (n = in.read(buffer)) != -1; ) {
                        received += n;
                        if (received > size) {
                            // Stop reading at once: a registry sending more than the signed size is lying.
                            throw CliException.integrity("blob " + digest + " is larger than the " + size
                                    + " bytes its signed release declares");
                        }
                        hasher.update(buffer, 0, n);
                        out.write(buffer, 0, n);
                        progress.progress(received, size);
                    }
                } finally {
                    progress.finished();
                }
                if (received != size) {
                    throw CliException.integrity(
                            "blob " + digest + " has " + received + " bytes, its signed release declares " + size);
                }
                Digest actual = hasher.digest();
                if (!actual.equals(digest)) {
                    throw CliException.integrity("downloaded bytes hash to " + actual + ", not the signed " + digest);
                }
                move(temp, cached);
                return cached;
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException e) {
            throw CliException.unavailable("downloading " + digest + " failed: " + e.getMessage());
        }
    }

    private static boolean matches(Path file, Digest digest, long size) {
        try (InputStream in = Files.newInputStream(file)) {
            if (Files.size(file) != size) {
                return false;
            }
            return Digest.sha256(in).equals(digest);
        } catch (IOException e) {
            return false;
        }
    }

    private static void move(Path temp, Path target) throws IOException {
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + file, e);
        }
    }
}
