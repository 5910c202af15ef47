package dev.wreg.composer;

import dev.wreg.testsupport.SharedData;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The shared fixture components (found by {@link SharedData}: a test without them skips). */
public final class Fixtures {
    private Fixtures() {}

    public static Path dir() {
        return SharedData.require("fixtures");
    }

    public static ComposeInput input(String name) {
        try {
            return new ComposeInput(name, Files.readAllBytes(SharedData.fixtureWasm(name)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
