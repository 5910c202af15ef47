package dev.wreg.engine.wasi;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Path resolution inside a preopen. A guest path is split into components and resolved one step
 * at a time from the descriptor's directory: absolute paths are refused, {@code ..} may not climb
 * above the preopen's root, and no component may be a symbolic link (so a link can never point a
 * guest outside its grant). Hard links to outside files cannot be made by the guest (link-at is
 * refused); a regular file with more than one link is refused too, because a hard link made on
 * the host could share an inode with a file outside the grant and nothing in the path shows it.
 *
 * <p>The operations below are the whole filesystem policy (grants, read-only preopens, escapes);
 * the WASI 0.2 host ({@link WasiHost}) and the 0.3 host ({@link WasiP3Filesystem}) only turn their
 * results into each version's values, so both versions refuse exactly the same things.
 */
final class Filesystem {
    private Filesystem() {}

    /** An open file or directory; {@code root} is the preopen it belongs to. */
    record Descriptor(Path root, Path path, boolean directory, boolean writable) {}

    /** A WASI error code (the enum case name of {@code wasi:filesystem/types#error-code}). */
    static final class FsError extends Exception {
        final String code;

        FsError(String code) {
            super(code, null, false, false);
            this.code = code;
        }
    }

    /** Resolves {@code guestPath} relative to {@code dir}, refusing every escape. */
    static Path resolve(Descriptor dir, String guestPath) throws FsError {
        if (!dir.directory()) {
            throw new FsError("not-directory");
        }
        if (guestPath.isEmpty() || guestPath.indexOf('\0') >= 0) {
            throw new FsError("invalid");
        }
        if (guestPath.startsWith("/") || guestPath.startsWith("\\")) {
            throw new FsError("not-permitted");
        }
        List<String> rel = new ArrayList<>();
        Path base = dir.root().relativize(dir.path());
        for (Path p : base) {
            if (!p.toString().isEmpty()) {
                rel.add(p.toString());
            }
        }
        for (String part : guestPath.split("/", -1)) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                if (rel.isEmpty()) {
                    throw new FsError("not-permitted");
                }
                rel.removeLast();
                continue;
            }
            if (part.indexOf('\\') >= 0) {
                throw new FsError("invalid");
            }
            rel.add(part);
            Path step = dir.root().resolve(String.join("/", rel));
            if (Files.isSymbolicLink(step)) {
                throw new FsError("not-permitted");
            }
        }
        Path out = dir.root().resolve(String.join("/", rel)).normalize();
        if (!out.startsWith(dir.root()) || hardLinked(out)) {
            throw new FsError("not-permitted");
        }
        return out;
    }

    private static boolean hardLinked(Path p) {
        if (!Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        try {
            return Files.getAttribute(p, "unix:nlink", LinkOption.NOFOLLOW_LINKS) instanceof Integer n && n > 1;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            // No link count on this file system: nothing to compare.
            return false;
        }
    }

    static FsError map(IOException e) {
        return new FsError(
                switch (e) {
                    case NoSuchFileException x -> "no-entry";
                    case FileAlreadyExistsException x -> "exist";
                    case DirectoryNotEmptyException x -> "not-empty";
                    case NotDirectoryException x -> "not-directory";
                    case AccessDeniedException x -> "access";
                    default -> "io";
                });
    }

    static String typeOf(Path p) {
        if (Files.isSymbolicLink(p)) {
            return "symbolic-link";
        }
        if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
            return "directory";
        }
        if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
            return "regular-file";
        }
        return Files.exists(p, LinkOption.NOFOLLOW_LINKS) ? "unknown" : "unknown";
    }

    /** The descriptor of a granted directory. */
    static Descriptor preopen(WasiHost.Preopen p) {
        return new Descriptor(p.hostDir(), p.hostDir(), true, p.writable());
    }

    static Descriptor file(Descriptor d) throws FsError {
        if (d.directory()) {
            throw new FsError("is-directory");
        }
        return d;
    }

    static Descriptor writableFile(Descriptor d) throws FsError {
        file(d);
        if (!d.writable()) {
            throw new FsError("bad-descriptor");
        }
        return d;
    }

    static Descriptor writableDir(Descriptor d) throws FsError {
        if (!d.directory()) {
            throw new FsError("not-directory");
        }
        if (!d.writable()) {
            throw new FsError("read-only");
        }
        return d;
    }

    /** The {@code descriptor-flags} a descriptor has (names as in WIT). */
    static Set<String> flags(Descriptor d) {
        Set<String> f = new HashSet<>(Set.of("read"));
        if (d.writable()) {
            f.add(d.directory() ? "mutate-directory" : "write");
        }
        return f;
    }

    /** The {@code descriptor-type} case of an open descriptor. */
    static String type(Descriptor d) {
        return d.directory() ? "directory" : typeOf(d.path());
    }

    static FileChannel openRead(Descriptor d) throws FsError, IOException {
        return FileChannel.open(file(d).path(), StandardOpenOption.READ);
    }

    static FileChannel openWrite(Descriptor d) throws FsError, IOException {
        return FileChannel.open(writableFile(d).path(), StandardOpenOption.WRITE);
    }

    /**
     * {@code open-at}: {@code open} are the {@code open-flags}, {@code flags} the {@code
     * descriptor-flags} (WIT names). Anything that writes needs a writable preopen.
     */
    static Descriptor openAt(Descriptor dir, String guestPath, Set<String> open, Set<String> flags)
            throws FsError, IOException {
        Path p = resolve(dir, guestPath);
        boolean wantWrite = flags.contains("write")
                || flags.contains("mutate-directory")
                || open.contains("create")
                || open.contains("truncate");
        if (wantWrite && !dir.writable()) {
            throw new FsError("read-only");
        }
        boolean exists = Files.exists(p, LinkOption.NOFOLLOW_LINKS);
        if (exists && open.contains("create") && open.contains("exclusive")) {
            throw new FsError("exist");
        }
        if (!exists) {
            if (!open.contains("create")) {
                throw new FsError("no-entry");
            }
            if (open.contains("directory")) {
                throw new FsError("invalid");
            }
            Files.createFile(p);
        }
        boolean isDir = Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS);
        if (open.contains("directory") && !isDir) {
            throw new FsError("not-directory");
        }
        if (isDir && flags.contains("write")) {
            throw new FsError("is-directory");
        }
        if (open.contains("truncate") && !isDir) {
            try (FileChannel ch = FileChannel.open(p, StandardOpenOption.WRITE)) {
                ch.truncate(0);
            }
        }
        return new Descriptor(dir.root(), p, isDir, dir.writable() && (wantWrite || isDir));
    }

    /** One entry of {@code read-directory}: its {@code descriptor-type} case and name. */
    record Entry(String type, String name) {}

    static List<Entry> list(Descriptor d) throws FsError, IOException {
        if (!d.directory()) {
            throw new FsError("not-directory");
        }
        List<Entry> entries = new ArrayList<>();
        try (var s = Files.list(d.path())) {
            for (Path p : s.sorted().toList()) {
                entries.add(new Entry(typeOf(p), p.getFileName().toString()));
            }
        }
        return entries;
    }

    static void createDirectoryAt(Descriptor d, String guestPath) throws FsError, IOException {
        Files.createDirectory(resolve(writableDir(d), guestPath));
    }

    static void removeDirectoryAt(Descriptor d, String guestPath) throws FsError, IOException {
        Path p = resolve(writableDir(d), guestPath);
        if (!Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
            throw new FsError("not-directory");
        }
        Files.delete(p);
    }

    static void unlinkFileAt(Descriptor d, String guestPath) throws FsError, IOException {
        Path p = resolve(writableDir(d), guestPath);
        if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
            throw new FsError("is-directory");
        }
        Files.delete(p);
    }

    static void renameAt(Descriptor from, String fromPath, Descriptor to, String toPath) throws FsError, IOException {
        Path a = resolve(writableDir(from), fromPath);
        Path b = resolve(writableDir(to), toPath);
        Files.move(a, b, StandardCopyOption.REPLACE_EXISTING);
    }

    /** Links could point outside a preopen: the guest may neither make nor read them. */
    static FsError linksRefused() {
        return new FsError("not-permitted");
    }

    /** What {@code stat} reports; timestamps in nanoseconds since the epoch, null when unknown. */
    record Stat(String type, long size, Long accessNanos, Long modifyNanos) {}

    static Stat stat(Path p) throws IOException {
        BasicFileAttributes at = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        return new Stat(typeOf(p), at.size(), nanos(at.lastAccessTime()), nanos(at.lastModifiedTime()));
    }

    private static Long nanos(FileTime t) {
        if (t == null) {
            return null;
        }
        var i = t.toInstant();
        return i.getEpochSecond() * 1_000_000_000L + i.getNano();
    }

    /** {@code metadata-hash}: equal for the same file while it is unchanged. */
    record Hash(long lower, long upper) {}

    static Hash hash(Path p) throws IOException {
        BasicFileAttributes at = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        Object key = at.fileKey();
        long lower = key == null ? p.toString().hashCode() : key.hashCode();
        long upper = at.lastModifiedTime().toMillis() ^ at.size();
        return new Hash(lower, upper);
    }
}
