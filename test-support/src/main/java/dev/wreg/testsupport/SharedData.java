package dev.wreg.testsupport;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The shared test data (fixtures, conformance corpora, log vectors), which lives beside the
 * repository and is never copied into it. Found through {@code -Dwreg.shared=DIR}; without it,
 * {@code ../shared} of the project root. A fresh clone has none: the tests that need it skip with
 * one line naming what is missing, and fail instead under {@code -Dwreg.shared.required=true}.
 */
public final class SharedData {
    public static final String PROPERTY = "wreg.shared";
    public static final String REQUIRED = "wreg.shared.required";

    private SharedData() {}

    /** The shared data folder, whether or not it exists. */
    public static Path dir() {
        String configured = System.getProperty(PROPERTY);
        Path dir = configured != null && !configured.isBlank()
                ? Path.of(configured)
                : projectRoot().resolve("../shared");
        return dir.toAbsolutePath().normalize();
    }

    /**
     * {@code relative} (a file or folder) under the shared data, for a test: skips the test with
     * one line when it is missing, or fails it under {@code -Dwreg.shared.required=true}.
     */
    public static Path require(String relative) {
        Path dir = dir();
        Path path = dir.resolve(relative).normalize();
        if (Files.exists(path)) {
            return path;
        }
        throw Prerequisites.missing(REQUIRED, missingLine(dir, path));
    }

    /**
     * The one line saying that {@code relative} is missing, or empty when it is there: for a check
     * made before a test runs ({@link NeedsSharedData}).
     */
    public static Optional<String> missing(String relative) {
        Path dir = dir();
        Path path = dir.resolve(relative).normalize();
        return Files.exists(path) ? Optional.empty() : Optional.of(missingLine(dir, path));
    }

    /** The fixture component {@code fixtures/wasm/NAME.wasm}, for a test (see {@link #require}). */
    public static Path fixtureWasm(String name) {
        return require("fixtures/wasm/" + name + ".wasm");
    }

    /**
     * {@code relative} under the shared data, for code that is not a test (the benchmarks): an
     * {@link IllegalStateException} with the same one line when it is missing.
     */
    public static Path locate(String relative) {
        Path dir = dir();
        Path path = dir.resolve(relative).normalize();
        if (Files.exists(path)) {
            return path;
        }
        throw new IllegalStateException(missingLine(dir, path));
    }

    /** The same line for every look-up when the whole folder is absent, so it prints once. */
    private static String missingLine(Path dir, Path path) {
        Path missing = Files.isDirectory(dir) ? path : dir;
        return "shared test data missing: " + missing + " (point at the shared folder with -D" + PROPERTY + "=DIR)";
    }

    /**
     * The nearest folder at or above the working directory that holds the Maven wrapper
     * ({@code .mvn}): the repository root, for runs that do not set {@code wreg.shared}.
     */
    static Path projectRoot() {
        Path start = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        for (Path p = start; p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve(".mvn")) && Files.isRegularFile(p.resolve("pom.xml"))) {
                return p;
            }
        }
        return start;
    }
}
