package dev.wreg.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The shared fixtures, found through {@code -Dwreg.shared=…} as the tests find them. */
final class Fixtures {
    private Fixtures() {}

    static byte[] wasm(String name) {
        Path p = Path.of(System.getProperty("wreg.shared", "../shared"), "fixtures", "wasm", name + ".wasm");
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read fixture " + p + " (set -Dwreg.shared)", e);
        }
    }
}
