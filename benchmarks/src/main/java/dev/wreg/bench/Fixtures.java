package dev.wreg.bench;

import dev.wreg.testsupport.SharedData;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The shared fixtures, found as the tests find them ({@link SharedData}: {@code -Dwreg.shared=DIR}). */
final class Fixtures {
    private Fixtures() {}

    static byte[] wasm(String name) {
        Path p = SharedData.locate("fixtures/wasm/" + name + ".wasm");
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read fixture " + p, e);
        }
    }
}
