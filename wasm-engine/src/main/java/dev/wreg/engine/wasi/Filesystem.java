package dev.wreg.engine.wasi;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Path resolution inside a preopen. A guest path is split into components and resolved one step
 * at a time from the descriptor's directory: absolute paths are refused, {@code ..} may not climb
 * above the preopen's root, and no component may be a symbolic link (so a link can never point a
 * guest outside its grant). Hard links to outside files cannot be made by the guest (link-at is
 * refused); a regular file with more than one link is refused too, because a hard link made on
 * the host could share an inode with a file outside the grant and nothing in the path shows it.
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
}
