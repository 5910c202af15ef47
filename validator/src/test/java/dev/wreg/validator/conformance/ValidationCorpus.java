package dev.wreg.validator.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wreg.testsupport.SharedData;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * A validation corpus as the conformance runners read it, and the verdict a run must meet.
 *
 * <p>The corpus folder (a {@code manifest.jsonl} beside its {@code wasm/} files) is {@code
 * -Dwreg.conformance.dir=DIR}, or by default the shared corpus ({@link SharedData}: without it the
 * runner skips with one line). A run fails when fewer cases pass than {@code
 * -Dwreg.conformance.floor=N}; on the shared corpus the floor defaults to every case not listed as
 * an expected failure, elsewhere to 0. On the shared corpus the run must also fail on exactly the
 * cases of the committed {@code expected-failures.tsv} beside the runner (case ID, a tab, the
 * reason; empty when none fail), and the right verdicts whose message differs from the reference
 * wording must be exactly those of {@code message-mismatches.tsv} beside it. Either set changes
 * only by editing its file, so a case that starts failing and one that starts passing are both
 * noticed. For another folder, {@code -Dwreg.conformance.expected=FILE} names its expected
 * failures (same format).
 */
public record ValidationCorpus(
        String name, Class<?> runner, Path dir, boolean shared, int floorOverride, Path expectedOverride) {

    public static final String DIR_PROPERTY = "wreg.conformance.dir";
    public static final String FLOOR_PROPERTY = "wreg.conformance.floor";
    public static final String EXPECTED_PROPERTY = "wreg.conformance.expected";

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    /**
     * Fails the run unless it meets this corpus's verdict: the corpus is not empty, at least {@link
     * #floor} of its cases agree with the reference, and the failing cases and the right verdicts
     * with another message are exactly those of the expected files, where the corpus has them.
     *
     * @param failures the cases whose verdict differs from the reference, by ID, with the reason
     * @param messageMismatches the right verdicts whose message lacks the reference wording, by ID
     */
    public void assertMet(int cases, int passed, Map<String, String> failures, Map<String, String> messageMismatches) {
        assertThat(cases).as("cases in the corpus").isPositive();
        assertThat(passed).as("verdicts agreeing with the reference").isGreaterThanOrEqualTo(floor(cases));
        Map<String, String> expectedFailures = expectedFailures();
        if (expectedFailures != null) {
            assertThat(differences("the expected failures", expectedFailures, failures))
                    .as("failing cases against the expected-failures file")
                    .isEmpty();
        }
        Map<String, String> expectedMismatches = expectedMessageMismatches();
        if (expectedMismatches != null) {
            assertThat(differences("the message mismatches", expectedMismatches, messageMismatches))
                    .as("right verdicts with another message, against the message-mismatches file")
                    .isEmpty();
        }
    }

    /** One line of a manifest; {@code id} is its {@code source}, unique within a corpus. */
    public record Case(String id, String file, String expect, String message, String area, String features) {
        public boolean expectValid() {
            return expect.equals("valid");
        }
    }

    /**
     * The corpus named {@code name} ({@code component-validation}, {@code core-validation}) for the
     * runner class {@code runner}, beside which its expected sets lie.
     */
    public static ValidationCorpus of(String name, Class<?> runner) {
        String dir = System.getProperty(DIR_PROPERTY, "");
        String floor = System.getProperty(FLOOR_PROPERTY, "");
        String expected = System.getProperty(EXPECTED_PROPERTY, "");
        boolean shared = dir.isBlank();
        Path folder = shared ? SharedData.require("conformance/" + name) : Path.of(dir);
        return new ValidationCorpus(
                name,
                runner,
                folder,
                shared,
                floor.isBlank() ? -1 : Integer.parseInt(floor.trim()),
                expected.isBlank() ? null : Path.of(expected));
    }

    public List<Case> cases() throws IOException {
        List<Case> cases = new ArrayList<>();
        for (String line : Files.readAllLines(dir.resolve("manifest.jsonl"))) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode n = JSON.readTree(line);
            cases.add(new Case(
                    n.path("source").asString(n.get("file").asString()),
                    n.get("file").asString(),
                    n.get("expect").asString(),
                    n.path("message").asString(""),
                    n.path("area").asString(""),
                    n.path("features").asString("")));
        }
        return cases;
    }

    public byte[] bytes(Case c) throws IOException {
        return Files.readAllBytes(dir.resolve(c.file()));
    }

    /** The expected failures: the committed file for the shared corpus, else the one given, else none. */
    public Map<String, String> expectedFailures() {
        if (expectedOverride != null) {
            return read(expectedOverride);
        }
        return shared ? resource("expected-failures.tsv") : null;
    }

    /** The right verdicts known to carry a message other than the reference's (shared corpus only). */
    public Map<String, String> expectedMessageMismatches() {
        return shared ? resource("message-mismatches.tsv") : null;
    }

    /** The least number of cases that must pass. */
    public int floor(int cases) {
        if (floorOverride >= 0) {
            return floorOverride;
        }
        Map<String, String> expected = expectedFailures();
        return shared && expected != null ? cases - expected.size() : 0;
    }

    private Map<String, String> resource(String file) {
        try (InputStream in = runner.getResourceAsStream(file)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + file + " beside " + runner.getName());
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, String> read(Path file) {
        try {
            return parse(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Lines of {@code case-id TAB reason}; blank lines and lines starting with {@code #} are comments. */
    static Map<String, String> parse(String text) {
        Map<String, String> out = new TreeMap<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int tab = line.indexOf('\t');
            String id = tab < 0 ? line.strip() : line.substring(0, tab);
            String reason = tab < 0 ? "" : line.substring(tab + 1).strip();
            if (out.put(id, reason) != null) {
                throw new IllegalStateException("case listed twice: " + id);
            }
        }
        return out;
    }

    /**
     * What differs between the {@code expected} set and the {@code actual} one, as lines to add to
     * and remove from its file; empty when they are the same set.
     */
    public static List<String> differences(String file, Map<String, String> expected, Map<String, String> actual) {
        List<String> out = new ArrayList<>();
        actual.forEach((id, reason) -> {
            if (!expected.containsKey(id)) {
                out.add("not in " + file + " (add it or fix it): " + id + "\t" + reason);
            }
        });
        expected.forEach((id, reason) -> {
            if (!actual.containsKey(id)) {
                out.add("listed in " + file + " but no longer so (remove it): " + id + "\t" + reason);
            }
        });
        return out;
    }

    /** A reason on one line, for the files and the report. */
    public static String oneLine(String s) {
        return s.replace('\t', ' ').replace('\n', ' ').replace('\r', ' ');
    }
}
