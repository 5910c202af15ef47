package dev.wreg.engine.runtime;

import java.nio.file.Path;

/** The shared fixtures and corpora, found through the {@code wreg.shared} system property. */
final class Shared {
    private Shared() {}

    static Path dir() {
        String dir = System.getProperty("wreg.shared");
        if (dir == null) {
            throw new IllegalStateException("system property wreg.shared is not set");
        }
        return Path.of(dir);
    }

    static Path fixture(String name) {
        return dir().resolve("fixtures/wasm/" + name + ".wasm");
    }
}
