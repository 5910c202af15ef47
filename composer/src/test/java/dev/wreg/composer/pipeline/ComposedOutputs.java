package dev.wreg.composer.pipeline;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Keeps each composed output under target/composed so the jco test (and a human) can inspect it. */
final class ComposedOutputs {
    static final Path DIR = Path.of("target", "composed");

    private ComposedOutputs() {}

    static void write(String name, byte[] bytes) {
        try {
            Files.createDirectories(DIR);
            Files.write(DIR.resolve(name + ".wasm"), bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
