package dev.wreg.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.opentest4j.AssertionFailedError;

/**
 * A committed file that a test compares the code's output with. The test never writes it on its
 * own (a missing or stale file fails); {@code -Dwreg.update-golden=true} rewrites it, and the test
 * that rewrote it fails all the same, so a run with the flag never passes (and neither does CI if
 * it is ever set there): review the diff, commit, run again without it.
 */
public final class GoldenFile {
    public static final String UPDATE = "wreg.update-golden";

    private GoldenFile() {}

    /** Whether {@code -Dwreg.update-golden=true} was given. */
    public static boolean updateRequested() {
        return Boolean.getBoolean(UPDATE);
    }

    /**
     * Under {@code -Dwreg.update-golden=true}: writes {@code content} to {@code file} (if it
     * differs) and fails the test, saying which. Otherwise does nothing, and the caller compares.
     */
    public static void updateIfRequested(Path file, String content) {
        if (!updateRequested()) {
            return;
        }
        try {
            boolean same = Files.exists(file)
                    && Files.readString(file, StandardCharsets.UTF_8).equals(content);
            if (!same) {
                Files.createDirectories(file.toAbsolutePath().getParent());
                Files.writeString(file, content, StandardCharsets.UTF_8);
            }
            throw new AssertionFailedError((same ? "unchanged " : "rewrote ") + file.normalize() + " (-D" + UPDATE
                    + "=true): review and commit it, then run again without the flag");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The committed text; a missing file fails, naming the flag that creates it. */
    public static String read(Path file) {
        if (!Files.exists(file)) {
            throw new AssertionFailedError(
                    file.normalize() + " is missing: create it with -D" + UPDATE + "=true and commit it");
        }
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
