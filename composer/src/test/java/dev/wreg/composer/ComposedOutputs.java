package dev.wreg.composer;

import dev.wreg.composer.pipeline.ComposePipeline;
import dev.wreg.testsupport.Jco;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.opentest4j.AssertionFailedError;

/**
 * Every composition the composer's tests produce is also judged by the reference: the tests record
 * their results here, and after each test class the recorded outputs go through {@code jco wit}
 * (wasmparser's validation and wit-component's decoding) in one node process; an output jco
 * refuses fails that class. Registered for every test class of the module (extension
 * autodetection, {@code junit-platform.properties}). Without {@code WREG_JCO} the check is
 * skipped with one line; {@code .ci/run} requires it. The outputs stay under
 * {@code target/composed/CLASS/} for a human to inspect.
 */
public final class ComposedOutputs implements AfterAllCallback {
    private static final Map<String, byte[]> RECORDED = new LinkedHashMap<>();

    /** A composition jco refuses today, named, with the words of jco's refusal. */
    private record KnownRefusal(byte[] bytes, String because) {}

    private static final Map<String, KnownRefusal> KNOWN_REFUSALS = new LinkedHashMap<>();

    /** Records a successful composition under a name saying what it composed; returns it. */
    public static ComposePipeline.Result record(String name, ComposePipeline.Result result) {
        synchronized (RECORDED) {
            RECORDED.putIfAbsent(name, result.bytes());
        }
        return result;
    }

    /**
     * Records a known gap: a composition jco refuses today with an error containing
     * {@code because}. It is checked like the others, and fails its class as soon as jco accepts
     * it (or refuses it for another reason), so a closed gap is noticed and leaves the list.
     */
    public static ComposePipeline.Result recordKnownRefusal(
            String name, String because, ComposePipeline.Result result) {
        synchronized (RECORDED) {
            KNOWN_REFUSALS.put(name, new KnownRefusal(result.bytes(), because));
        }
        return result;
    }

    private static Map<String, byte[]> drain() {
        synchronized (RECORDED) {
            Map<String, byte[]> all = new LinkedHashMap<>(RECORDED);
            RECORDED.clear();
            return all;
        }
    }

    private static Map<String, KnownRefusal> drainKnownRefusals() {
        synchronized (RECORDED) {
            Map<String, KnownRefusal> all = new LinkedHashMap<>(KNOWN_REFUSALS);
            KNOWN_REFUSALS.clear();
            return all;
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        Map<String, byte[]> outputs = drain();
        Map<String, KnownRefusal> known = drainKnownRefusals();
        if (outputs.isEmpty() && known.isEmpty()) {
            return;
        }
        Optional<Path> jco = Jco.optional();
        if (jco.isEmpty()) {
            return;
        }
        String testClass = context.getRequiredTestClass().getSimpleName();
        Path dir = Path.of("target", "composed", testClass);
        Map<Path, String> names = new LinkedHashMap<>();
        Map<Path, String> knownBecause = new LinkedHashMap<>();
        try {
            Files.createDirectories(dir);
            int i = 0;
            for (var e : outputs.entrySet()) {
                names.put(write(dir, i++, e.getKey(), e.getValue()), e.getKey());
            }
            for (var e : known.entrySet()) {
                Path file =
                        write(dir, i++, "known-gap " + e.getKey(), e.getValue().bytes());
                names.put(file, e.getKey());
                knownBecause.put(file, e.getValue().because());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> problems = new ArrayList<>();
        int stillRefused = 0;
        for (var e : Jco.wit(jco.get(), List.copyOf(names.keySet())).entrySet()) {
            Path file = e.getKey();
            Jco.Wit wit = e.getValue();
            String because = knownBecause.get(file);
            String name = names.get(file) + " (" + file + ")";
            if (because != null) {
                if (wit.accepted()) {
                    problems.add("known gap closed, jco now accepts " + name + ": remove it from the known refusals");
                } else if (!wit.error().contains(because)) {
                    problems.add("known gap " + name + " is refused for another reason: " + wit.error());
                } else {
                    stillRefused++;
                }
            } else if (!wit.accepted()) {
                problems.add(name + ": " + wit.error());
            } else if (!wit.text().contains("world ")) {
                problems.add(name + ": no world in\n" + wit.text());
            }
        }
        System.out.println("jco wit over the compositions of " + testClass + ": "
                + (names.size() - stillRefused - problems.size()) + " passed, " + problems.size() + " failed"
                + (known.isEmpty() ? "" : ", " + stillRefused + " known gap(s) still refused"));
        if (!problems.isEmpty()) {
            throw new AssertionFailedError("jco and the composed outputs disagree " + problems.size() + " time(s):\n"
                    + String.join("\n", problems));
        }
    }

    private static Path write(Path dir, int index, String name, byte[] bytes) throws IOException {
        String safe = name.replaceAll("[^\\w+.@-]+", "_");
        Path file = dir.resolve(String.format("%03d-%s.wasm", index, safe.substring(0, Math.min(safe.length(), 80))));
        Files.write(file, bytes);
        return file;
    }
}
