package dev.wreg.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.opentest4j.AssertionFailedError;

/**
 * jco 1.35.0 (wasm-tools and a component runtime for node), the reference the tests compare wreg
 * with. Found through the environment variable {@code WREG_JCO} (the {@code jco} executable, as
 * {@code .ci/run} installs it); without it the comparisons skip with one line, and fail instead
 * under {@code -Dwreg.jco.required=true}.
 */
public final class Jco {
    public static final String ENVIRONMENT = "WREG_JCO";
    public static final String REQUIRED = "wreg.jco.required";

    private static final String MISSING = ENVIRONMENT + " is not set: the comparisons with jco are skipped"
            + " (npm install @bytecodealliance/jco@1.35.0, then WREG_JCO=DIR/node_modules/.bin/jco)";

    private Jco() {}

    /** The one line saying jco is missing, or empty when {@code WREG_JCO} names it. */
    public static Optional<String> missing() {
        return find().isPresent() ? Optional.empty() : Optional.of(MISSING);
    }

    /** The jco executable, for a test that compares with it: skips (or fails) without it. */
    public static Path require() {
        return find().orElseThrow(() -> Prerequisites.missing(REQUIRED, MISSING));
    }

    /**
     * The jco executable if there is one, for a check that has a weaker reference to fall back on
     * or that is an addition to passing tests; empty (saying so in one line, once) only when
     * {@code WREG_JCO} is unset and not required.
     */
    public static Optional<Path> optional() {
        Optional<Path> jco = find();
        if (jco.isEmpty()) {
            if (Prerequisites.required(REQUIRED)) {
                throw new AssertionFailedError(MISSING + " [required: -D" + REQUIRED + "=true]");
            }
            Prerequisites.announce(MISSING);
        }
        return jco;
    }

    /** What {@code jco wit FILE} gives: the WIT text, or jco's error (it validates while decoding). */
    public record Wit(String text, String error) {
        public boolean accepted() {
            return error == null;
        }
    }

    /**
     * {@code jco wit} of each file, from one node process: jco's API {@code componentWit} is the
     * function its {@code wit} command prints, and a node start per file would cost a second each.
     * jco decodes and validates the component (wasmparser) on the way, so an invalid one is an
     * error here.
     */
    public static Map<Path, Wit> wit(Path jco, List<Path> files) {
        Path tmp = null;
        try {
            tmp = Files.createTempDirectory("wreg-jco-wit-");
            Path script = tmp.resolve("wit.mjs");
            Files.writeString(script, """
                    import { componentWit } from '@bytecodealliance/jco';
                    import { readFileSync, writeFileSync } from 'node:fs';
                    const [out, ...files] = process.argv.slice(2);
                    for (const [i, f] of files.entries()) {
                      try {
                        writeFileSync(`${out}/${i}.wit`, await componentWit(readFileSync(f)));
                      } catch (e) {
                        writeFileSync(`${out}/${i}.error`, String(e.payload ?? e.message ?? e));
                      }
                    }
                    """);
            // jco is <dir>/node_modules/.bin/jco: the script imports it through a node_modules link
            Files.createSymbolicLink(
                    tmp.resolve("node_modules"), jco.getParent().getParent());
            List<String> command = new ArrayList<>(List.of("node", script.toString(), tmp.toString()));
            files.forEach(f -> command.add(f.toAbsolutePath().toString()));
            Path log = tmp.resolve("node.log");
            Process p = new ProcessBuilder(command)
                    .directory(tmp.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            if (!p.waitFor(10, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new AssertionFailedError("jco's componentWit did not finish in 10 minutes");
            }
            if (p.exitValue() != 0) {
                throw new AssertionFailedError("node with jco's componentWit failed:\n" + Files.readString(log));
            }
            Map<Path, Wit> out = new LinkedHashMap<>();
            for (int i = 0; i < files.size(); i++) {
                Path wit = tmp.resolve(i + ".wit");
                out.put(
                        files.get(i),
                        Files.exists(wit)
                                ? new Wit(Files.readString(wit, StandardCharsets.UTF_8), null)
                                : new Wit(null, Files.readString(tmp.resolve(i + ".error"), StandardCharsets.UTF_8)));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            deleteQuietly(tmp);
        }
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(f);
            }
        } catch (IOException ignored) {
            // a temporary folder left behind is not the test's verdict
        }
    }

    /** {@code WREG_JCO} set to something that is not an executable is a mistake, never a skip. */
    private static Optional<Path> find() {
        String configured = System.getenv(ENVIRONMENT);
        if (configured == null || configured.isBlank()) {
            return Optional.empty();
        }
        Path jco = Path.of(configured).toAbsolutePath();
        if (!Files.isExecutable(jco)) {
            throw new AssertionFailedError(ENVIRONMENT + "=" + configured + " is not an executable");
        }
        return Optional.of(jco);
    }
}
