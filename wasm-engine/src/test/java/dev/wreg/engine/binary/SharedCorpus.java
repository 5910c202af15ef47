package dev.wreg.engine.binary;

import dev.wreg.testsupport.SharedData;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** The shared fixtures and the component validation corpus (found by {@link SharedData}). */
final class SharedCorpus {
    private static final Pattern FIELD = Pattern.compile("\"(\\w+)\":\"((?:[^\"\\\\]|\\\\.)*)\"");

    private SharedCorpus() {}

    /** One line of {@code component-validation/manifest.jsonl}. */
    record Case(Path file, String expect, String encoding, String source, String directive, String message) {}

    static List<Case> componentValidationCases() {
        Path dir = SharedData.require("conformance/component-validation");
        List<Case> out = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(dir.resolve("manifest.jsonl"))) {
                if (line.isBlank()) {
                    continue;
                }
                String file = null, expect = null, encoding = null, source = null, directive = null, message = null;
                Matcher m = FIELD.matcher(line);
                while (m.find()) {
                    switch (m.group(1)) {
                        case "file" -> file = m.group(2);
                        case "expect" -> expect = m.group(2);
                        case "encoding" -> encoding = m.group(2);
                        case "source" -> source = m.group(2);
                        case "directive" -> directive = m.group(2);
                        case "message" -> message = m.group(2);
                        default -> {}
                    }
                }
                out.add(new Case(dir.resolve(file), expect, encoding, source, directive, message));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    static List<Path> fixtures() {
        try (Stream<Path> files = Files.list(SharedData.require("fixtures/wasm"))) {
            return files.filter(p -> p.toString().endsWith(".wasm")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] read(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
