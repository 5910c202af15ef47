package dev.wreg.cli.run;

import dev.wreg.validator.Validator;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Components this build of the validator has already found valid, remembered on disk by the
 * SHA-256 of their bytes, so that {@code wreg run} of the same file again skips validation (for
 * a 12 MB JS component, seconds). Only a valid verdict is kept: a file that fails is validated
 * every time and its errors reported. The stamp ties a verdict to the validator that gave it (the
 * jar's size and time), so a different wreg build validates anew.
 *
 * <p>Each verdict is a small file written to a temporary name and renamed into place, so
 * concurrent runs never read half of one; a file whose content is not exactly the expected stamp
 * (damaged, or from another build) counts as absent and is overwritten.
 */
final class ValidVerdicts {
    private final Path dir;
    private final String stamp;

    ValidVerdicts(Path dir, String stamp) {
        this.dir = dir;
        this.stamp = stamp;
    }

    /** The verdicts of the running validator under {@code dir}, if it runs from a jar. */
    static Optional<ValidVerdicts> forRunningValidator(Path dir) {
        try {
            var source = Validator.class.getProtectionDomain().getCodeSource();
            if (source == null) {
                return Optional.empty();
            }
            Path jar = Path.of(source.getLocation().toURI());
            if (!Files.isRegularFile(jar)) {
                return Optional.empty(); // classes from a build folder change without notice
            }
            return Optional.of(new ValidVerdicts(
                    dir,
                    "validator " + Files.size(jar) + " "
                            + Files.getLastModifiedTime(jar).toMillis()));
        } catch (IOException | URISyntaxException | SecurityException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Whether {@code bytes} were found valid before by this validator. */
    boolean knownValid(byte[] bytes) {
        try {
            return Files.readString(file(bytes), StandardCharsets.UTF_8).equals(stamp);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** Records that {@code bytes} are valid; a disk error only means it is not remembered. */
    void rememberValid(byte[] bytes) {
        Path f = file(bytes);
        Path tmp = null;
        try {
            Files.createDirectories(dir);
            tmp = Files.createTempFile(dir, f.getFileName().toString(), ".tmp");
            Files.writeString(tmp, stamp, StandardCharsets.UTF_8);
            try {
                Files.move(tmp, f, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING);
            }
            tmp = null;
        } catch (IOException e) {
            // not remembered; the next run validates again
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

    /** The bytes last looked up and their file: a run asks twice (known? then remember). */
    private record Lookup(byte[] bytes, Path file) {}

    private volatile Lookup last;

    Path file(byte[] bytes) {
        // Digesting a 12 MB component takes ~0.1 s in a JVM that only runs C1 (wreg run's), on
        // the path to the first call: once per run is enough (for the same array, never changed).
        Lookup l = last;
        if (l != null && l.bytes() == bytes) {
            return l.file();
        }
        try {
            Path f = dir.resolve(HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)));
            last = new Lookup(bytes, f);
            return f;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
