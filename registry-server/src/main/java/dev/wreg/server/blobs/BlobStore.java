package dev.wreg.server.blobs;

import dev.wreg.protocol.digest.Digest;
import java.io.InputStream;
import java.net.URI;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Content-addressed storage for component bytes, plus a few named immutable objects (log tiles).
 *
 * <p>A blob becomes visible under {@code sha256:<hex>} only after its bytes were streamed in
 * completely and hashed to that digest: readers never see a partial or wrong blob. Every method
 * fails with {@link BlobStoreException} and one of its codes.
 */
public interface BlobStore {

    /**
     * Streams {@code in} into a temporary object while hashing it; makes it visible under its
     * digest only if the digest equals {@code expected} (when not null) and the size stays within
     * {@code maxBytes}. Idempotent: an existing blob is kept and reported with created=false.
     * The stream is read but not closed.
     */
    StoredBlob put(Digest expected, InputStream in, long maxBytes);

    /** The blob's size, or empty when no such blob is stored. */
    Optional<BlobInfo> stat(Digest digest);

    /**
     * Opens {@code length} bytes of the blob starting at {@code offset}; {@code length} -1 reads to
     * the end, and a range past the end is cut at the end. Fails with {@code not-found} for an
     * unknown blob and {@code invalid-range} for an offset past its size. The caller closes it.
     */
    InputStream open(Digest digest, long offset, long length);

    /**
     * A time-limited URL that serves the blob straight from the object store, when the store can
     * give one (S3 with presigning enabled); the caller checks first that the blob exists.
     */
    Optional<URI> presignedGet(Digest digest);

    /**
     * The blob as a local file, when the store keeps blobs in files (the filesystem store), so a
     * server can hand it to the kernel ({@code sendfile}) instead of copying it through the JVM.
     */
    default Optional<java.nio.file.Path> localFile(Digest digest) {
        return Optional.empty();
    }

    /**
     * Stores a named immutable object (log tiles) if no object has that key yet; an existing
     * object is kept as it is. Keys are {@code /}-separated segments of {@code [A-Za-z0-9._-]}.
     */
    void putObject(String key, byte[] bytes);

    /** The named object's bytes, or empty when there is none. */
    Optional<byte[]> getObject(String key);

    /**
     * Stores a named object, replacing any object under that key in one step: readers see the old
     * bytes or the new ones, never a mix, and the new ones are durable when this returns. For the
     * few objects that move forward (the log's last signed checkpoint, a tile nobody signed yet).
     */
    void replaceObject(String key, byte[] bytes);

    /**
     * Calls {@code action} for every blob last written before {@code before}, with its size: the
     * orphan sweeper's candidates. Stores that cannot list refuse with
     * {@link UnsupportedOperationException}.
     */
    default void forEachBlobWrittenBefore(Instant before, Consumer<BlobAge> action) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot list its blobs");
    }

    /**
     * Deletes the blob; answers whether there was one. Only the orphan sweeper calls this, holding
     * the blob's reclaim lock, after it made sure nothing references the blob.
     */
    default boolean delete(Digest digest) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot delete blobs");
    }

    /**
     * Removes what uploads that never finished left behind (temporary files or objects, incomplete
     * multipart uploads) started before {@code before}; answers how many were removed.
     */
    default int removeAbandonedUploads(Instant before) {
        return 0;
    }

    /**
     * Fails with {@code storage-unavailable} unless the store can be read and written now; the
     * readiness check calls it, so it must answer within a couple of seconds.
     */
    void checkAvailable();
}
