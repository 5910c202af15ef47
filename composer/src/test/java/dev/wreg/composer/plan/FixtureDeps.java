package dev.wreg.composer.plan;

import dev.wreg.composer.Fixtures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Lays the shared fixtures out as a wac {@code deps/} folder: {@code example/<name>.wasm} for every
 * fixture, and {@code example/calc-provider/<version>.wasm} (and consumer) for the versioned ones.
 */
final class FixtureDeps {
    private FixtureDeps() {}

    static Path create(Path tmp) {
        Path deps = tmp.resolve("deps");
        try {
            Path ns = Files.createDirectories(deps.resolve("example"));
            try (var files = Files.list(Fixtures.dir().resolve("wasm"))) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    String n = f.getFileName().toString();
                    Files.copy(f, ns.resolve(n));
                    var m = java.util.regex.Pattern.compile("(calc-(?:provider|consumer))-(\\d+\\.\\d+\\.\\d+)\\.wasm")
                            .matcher(n);
                    if (m.matches()) {
                        Path dir = Files.createDirectories(ns.resolve(m.group(1)));
                        Files.copy(f, dir.resolve(m.group(2) + ".wasm"));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return deps;
    }
}
