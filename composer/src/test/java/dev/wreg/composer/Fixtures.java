package dev.wreg.composer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The shared fixture components, reached through the {@code wreg.shared} system property. */
public final class Fixtures {
    private Fixtures() {}

    public static Path dir() {
        return Path.of(System.getProperty("wreg.shared", "../../shared"), "fixtures");
    }

    public static ComposeInput input(String name) {
        try {
            return new ComposeInput(
                    name, Files.readAllBytes(dir().resolve("wasm").resolve(name + ".wasm")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
