package dev.wreg.cli.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Set;

/**
 * Writes secrets (private keys, tokens) so that no other user can read them at any moment:
 * directories 0700, files created 0600 from the start (never chmod-ed after the write) and
 * moved into place atomically, so a crash leaves either the old file or the new one.
 */
public final class SecureFiles {

    public static final Set<PosixFilePermission> OWNER_ONLY_DIR = PosixFilePermissions.fromString("rwx------");
    public static final Set<PosixFilePermission> OWNER_ONLY_FILE = PosixFilePermissions.fromString("rw-------");

    private SecureFiles() {}

    public static void createPrivateDirectories(Path dir) {
        try {
            if (Files.isDirectory(dir)) {
                restrict(dir, OWNER_ONLY_DIR);
                return;
            }
            Path parent = dir.getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            if (isPosix(parent == null ? dir.getRoot() : parent)) {
                Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(OWNER_ONLY_DIR));
            } else {
                Files.createDirectory(dir);
            }
        } catch (FileAlreadyExistsException e) {
            restrict(dir, OWNER_ONLY_DIR);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
    }

    /** Replaces {@code file} with {@code bytes}; the file is never readable by others. */
    public static void writePrivate(Path file, byte[] bytes) {
        Path dir = file.toAbsolutePath().getParent();
        createPrivateDirectories(dir);
        try {
            FileAttribute<?>[] attributes = isPosix(dir)
                    ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY_FILE)}
                    : new FileAttribute<?>[0];
            Path temp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp", attributes);
            try {
                Files.write(temp, bytes);
                moveIntoPlace(temp, file);
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** Writes a new file; fails with {@link FileAlreadyExistsException} rather than replacing. */
    public static void createPrivate(Path file, byte[] bytes) throws FileAlreadyExistsException {
        Path dir = file.toAbsolutePath().getParent();
        createPrivateDirectories(dir);
        try {
            FileAttribute<?>[] attributes = isPosix(dir)
                    ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY_FILE)}
                    : new FileAttribute<?>[0];
            Path created = Files.createFile(file, attributes);
            Files.write(created, bytes);
        } catch (FileAlreadyExistsException e) {
            throw e;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** The file's permissions as {@code rw-r--r--}, when it is looser than owner-only. */
    public static Optional<String> looserThanOwnerOnly(Path file) {
        if (!isPosix(file)) {
            return Optional.empty();
        }
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
            Set<PosixFilePermission> allowed = Files.isDirectory(file) ? OWNER_ONLY_DIR : OWNER_ONLY_FILE;
            return allowed.containsAll(permissions)
                    ? Optional.empty()
                    : Optional.of(PosixFilePermissions.toString(permissions));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static void moveIntoPlace(Path temp, Path file) throws IOException {
        try {
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void restrict(Path path, Set<PosixFilePermission> permissions) {
        if (!isPosix(path)) {
            return;
        }
        try {
            Files.setPosixFilePermissions(path, permissions);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot restrict permissions of " + path, e);
        }
    }

    private static boolean isPosix(Path path) {
        Path existing = path.toAbsolutePath();
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        return existing != null
                && existing.getFileSystem().supportedFileAttributeViews().contains("posix");
    }
}
