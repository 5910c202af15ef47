package dev.wreg.server.blobs;

import dev.wreg.protocol.digest.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Blobs on a local (or shared POSIX) filesystem, laid out as {@code <root>/sha256/ab/abcdef…}.
 *
 * <p>Uploads go to {@code <root>/tmp} on the same filesystem and are hard-linked into place only
 * after their digest is known and checked, so a reader sees a whole blob or none, and of several
 * concurrent puts of the same blob exactly one reports created=true. Named objects live under
 * {@code <root>/objects/<key>} and are written the same way.
 */
public final class FilesystemBlobStore implements BlobStore {

    /** Temp files older than this were left by a crash, not by an upload still running. */
    private static final Duration STALE_UPLOAD_AGE = Duration.ofDays(1);

    private static final Pattern BLOB_NAME = Pattern.compile("[0-9a-f]{64}");

    private final Path blobsDir;
    private final Path objectsDir;
    private final Path tmpDir;

    public FilesystemBlobStore(Path root) {
        Objects.requireNonNull(root, "root");
        this.blobsDir = root.resolve("sha256");
        this.objectsDir = root.resolve("objects");
        this.tmpDir = root.resolve("tmp");
        try {
            Files.createDirectories(blobsDir);
            Files.createDirectories(objectsDir);
            Files.createDirectories(tmpDir);
        } catch (IOException e) {
            throw BlobStoreException.storageUnavailable("cannot create the blob directories under " + root, e);
        }
        removeStaleUploads();
    }

    @Override
    public StoredBlob put(Digest expected, InputStream in, long maxBytes) {
        Objects.requireNonNull(in, "in");
        if (expected != null) {
            Optional<BlobInfo> existing = stat(expected);
            if (existing.isPresent()) {
                return DigestingCopy.verifyAgainst(existing.get(), in, maxBytes);
            }
        }
        Path tmp = createTemp();
        try {
            DigestingCopy.Result result;
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE);
                    OutputStream out = Channels.newOutputStream(channel)) {
                result = DigestingCopy.copy(in, out, maxBytes);
                channel.force(true);
            } catch (IOException e) {
                throw BlobStoreException.storageUnavailable("writing the upload to " + tmp + " failed", e);
            }
            if (expected != null && !DigestingCopy.same(expected, result.digest())) {
                throw BlobStoreException.digestMismatch(expected, result.digest());
            }
            boolean created = publish(tmp, blobPath(result.digest()));
            return new StoredBlob(result.digest(), result.size(), created);
        } finally {
            deleteQuietly(tmp);
        }
    }

    @Override
    public Optional<BlobInfo> stat(Digest digest) {
        try {
            return Optional.of(new BlobInfo(digest, Files.size(blobPath(digest))));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw BlobStoreException.storageUnavailable("cannot stat blob " + digest, e);
        }
    }

    @Override
    public InputStream open(Digest digest, long offset, long length) {
        if (offset < 0 || length < -1) {
            throw BlobStoreException.invalidRange(digest, offset, length, -1);
        }
        FileChannel channel;
        try {
            channel = FileChannel.open(blobPath(digest), StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw BlobStoreException.notFound(digest);
        } catch (IOException e) {
            throw BlobStoreException.storageUnavailable("cannot open blob " + digest, e);
        }
        try {
            long size = channel.size();
            if (offset > size) {
                throw BlobStoreException.invalidRange(digest, offset, length, size);
            }
            long end = length == -1 ? size : Math.min(size, offset + length);
            return new ChannelRangeInputStream(channel, offset, end);
        } catch (IOException | RuntimeException e) {
            closeQuietly(channel);
            if (e instanceof IOException io) {
                throw BlobStoreException.storageUnavailable("cannot read blob " + digest, io);
            }
            throw (RuntimeException) e;
        }
    }

    @Override
    public Optional<Path> localFile(Digest digest) {
        Path path = blobPath(digest);
        return Files.isRegularFile(path) ? Optional.of(path) : Optional.empty();
    }

    @Override
    public Optional<URI> presignedGet(Digest digest) {
        return Optional.empty();
    }

    @Override
    public void putObject(String key, byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        Path target = objectsDir.resolve(ObjectKeys.check(key));
        if (Files.exists(target)) {
            return;
        }
        Path tmp = createTemp();
        try {
            writeSynced(tmp, bytes, key);
            publish(tmp, target);
        } finally {
            deleteQuietly(tmp);
        }
    }

    @Override
    public Optional<byte[]> getObject(String key) {
        Path path = objectsDir.resolve(ObjectKeys.check(key));
        try {
            return Optional.of(Files.readAllBytes(path));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw BlobStoreException.storageUnavailable("cannot read object " + key, e);
        }
    }

    @Override
    public void replaceObject(String key, byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        Path target = objectsDir.resolve(ObjectKeys.check(key));
        Path tmp = createTemp();
        try {
            writeSynced(tmp, bytes, key);
            try {
                Files.createDirectories(target.getParent());
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                throw BlobStoreException.storageUnavailable("cannot move object " + key + " into place", e);
            }
            syncDirectory(target.getParent());
        } finally {
            deleteQuietly(tmp);
        }
    }

    @Override
    public void forEachBlobWrittenBefore(Instant before, Consumer<BlobAge> action) {
        try (DirectoryStream<Path> fanOut = Files.newDirectoryStream(blobsDir)) {
            for (Path dir : fanOut) {
                if (!Files.isDirectory(dir)) {
                    continue;
                }
                try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
                    for (Path file : files) {
                        String hex = file.getFileName().toString();
                        if (!BLOB_NAME.matcher(hex).matches()) {
                            continue; // not ours: never a candidate for deletion
                        }
                        BasicFileAttributes attributes;
                        try {
                            attributes = Files.readAttributes(file, BasicFileAttributes.class);
                        } catch (NoSuchFileException gone) {
                            continue;
                        }
                        Instant written = attributes.lastModifiedTime().toInstant();
                        if (attributes.isRegularFile() && written.isBefore(before)) {
                            action.accept(new BlobAge(Digest.parse("sha256:" + hex), attributes.size(), written));
                        }
                    }
                }
            }
        } catch (IOException | UncheckedIOException e) {
            throw BlobStoreException.storageUnavailable("cannot list the blobs under " + blobsDir, e);
        }
    }

    @Override
    public boolean delete(Digest digest) {
        Path path = blobPath(digest);
        try {
            boolean deleted = Files.deleteIfExists(path);
            if (deleted) {
                syncDirectory(path.getParent());
            }
            return deleted;
        } catch (IOException e) {
            throw BlobStoreException.storageUnavailable("cannot delete blob " + digest, e);
        }
    }

    @Override
    public int removeAbandonedUploads(Instant before) {
        int removed = 0;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(tmpDir)) {
            for (Path entry : entries) {
                try {
                    if (Files.getLastModifiedTime(entry).toInstant().isBefore(before) && Files.deleteIfExists(entry)) {
                        removed++;
                    }
                } catch (NoSuchFileException gone) {
                    // finished (and removed) by its upload meanwhile
                }
            }
        } catch (IOException | UncheckedIOException e) {
            throw BlobStoreException.storageUnavailable("cannot clean up " + tmpDir, e);
        }
        return removed;
    }

    @Override
    public void checkAvailable() {
        Path probe = createTemp();
        try {
            Files.write(probe, new byte[] {1});
        } catch (IOException e) {
            throw BlobStoreException.storageUnavailable("cannot write to " + tmpDir, e);
        } finally {
            deleteQuietly(probe);
        }
        if (!Files.isDirectory(blobsDir) || !Files.isDirectory(objectsDir)) {
            throw BlobStoreException.storageUnavailable(
                    "the blob directories are gone", new NoSuchFileException(blobsDir.toString()));
        }
    }

    private static void writeSynced(Path file, byte[] bytes, String what) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
        } catch (IOException e) {
            throw BlobStoreException.storageUnavailable("writing object " + what + " failed", e);
        }
    }

    /** Where a blob lives; the two-hex-digit fan-out keeps directories small. */
    Path blobPath(Digest digest) {
        String hex = digest.hex();
        return blobsDir.resolve(hex.substring(0, 2)).resolve(hex);
    }

    /** The directory holding uploads in progress (for tests that check nothing is left over). */
    Path tmpDir() {
        return tmpDir;
    }

    /**
     * Makes the complete temp file visible at {@code target}; returns whether this call created
     * it. A hard link fails atomically when the target exists, which is exactly put-if-absent.
     */
    private static boolean publish(Path tmp, Path target) {
        try {
            Files.createDirectories(target.getParent());
            try {
                Files.createLink(target, tmp);
                syncDirectory(target.getParent());
                return true;
            } catch (FileAlreadyExistsException e) {
                return false;
            } catch (UnsupportedOperationException | IOException linkFailed) {
                // Filesystems without hard links: an atomic rename, which may replace an identical
                // file written concurrently; "created" is then best effort.
                if (Files.exists(target)) {
                    return false;
                }
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
                syncDirectory(target.getParent());
                return true;
            }
        } catch (IOException e) {
            throw BlobStoreException.storageUnavailable("cannot move the upload into place at " + target, e);
        }
    }

    private Path createTemp() {
        try {
            return Files.createTempFile(tmpDir, "upload-", ".part");
        } catch (IOException e) {
            throw BlobStoreException.storageUnavailable("cannot create a temp file in " + tmpDir, e);
        }
    }

    /** Makes the new directory entry durable; not every platform can open a directory, so best effort. */
    private static void syncDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // The entry is still visible; only durability across a power cut is weaker.
        }
    }

    private void removeStaleUploads() {
        try {
            removeAbandonedUploads(Instant.now().minus(STALE_UPLOAD_AGE));
        } catch (BlobStoreException e) {
            // Leftovers only waste space; never refuse to start over them.
        }
    }

    private static void deleteQuietly(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            // A leftover temp file is removed by the next start's stale-upload sweep.
        }
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // Nothing was read; nothing to report.
        }
    }

    /** Reads [position, end) of a channel with positional reads. */
    private static final class ChannelRangeInputStream extends InputStream {
        private final FileChannel channel;
        private long position;
        private final long end;

        ChannelRangeInputStream(FileChannel channel, long position, long end) {
            this.channel = channel;
            this.position = position;
            this.end = end;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            Objects.checkFromIndexSize(off, len, b.length);
            if (len == 0) {
                return 0;
            }
            long remaining = end - position;
            if (remaining <= 0) {
                return -1;
            }
            int n = channel.read(ByteBuffer.wrap(b, off, (int) Math.min(len, remaining)), position);
            if (n < 0) {
                return -1; // the file cannot shrink, but never loop on a short file
            }
            position += n;
            return n;
        }

        @Override
        public long skip(long n) {
            long skipped = Math.max(0, Math.min(n, end - position));
            position += skipped;
            return skipped;
        }

        @Override
        public int available() {
            return (int) Math.min(Integer.MAX_VALUE, Math.max(0, end - position));
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }
}
