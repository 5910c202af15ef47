package dev.wreg.validator.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs {@link CoreValidator} over the shared core-validation corpus (the Wasm 3.0 spec test suite
 * encoded to binaries) and compares each verdict with the reference one.
 *
 * <p>Known disagreements: see {@code validator/README.md}, section "Known disagreements".
 */
class CoreValidationConformanceTest {

    /** Verdicts we agree on today; raise it as agreement improves so a regression fails the build. */
    private static final int AGREEMENT_FLOOR = 3841;

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    record Case(String file, String expect, String message, String area, String directive, String features) {}

    @Test
    void verdictsAgreeWithTheReference() throws IOException {
        Path dir = Path.of(System.getProperty("wreg.shared"), "conformance", "core-validation");
        List<Case> cases = new ArrayList<>();
        for (String line : Files.readAllLines(dir.resolve("manifest.jsonl"))) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode n = JSON.readTree(line);
            cases.add(new Case(
                    n.get("file").asString(),
                    n.get("expect").asString(),
                    n.get("message").asString(),
                    n.get("area").asString(),
                    n.get("directive").asString(),
                    n.get("features").asString()));
        }

        Map<String, int[]> byArea = new TreeMap<>();
        List<String> disagreements = new ArrayList<>();
        int passed = 0;
        int failed = 0;
        long started = System.nanoTime();
        for (Case c : cases) {
            byte[] bytes = Files.readAllBytes(dir.resolve(c.file()));
            ValidationResult result =
                    CoreValidator.of(Features.parse(c.features())).validate(bytes);
            boolean agrees = result.isValid() == c.expect().equals("valid");
            byArea.computeIfAbsent(c.area(), a -> new int[2])[agrees ? 0 : 1]++;
            if (agrees) {
                passed++;
            } else {
                failed++;
                disagreements.add(String.format(
                        "  %s %s: expected %s%s, got %s",
                        c.area(), c.file(), c.expect(), c.message().isEmpty() ? "" : " (" + c.message() + ")", result));
            }
        }
        long millis = (System.nanoTime() - started) / 1_000_000;

        StringBuilder report = new StringBuilder("Core validation conformance, per area (worst first):\n");
        byArea.entrySet().stream()
                .sorted(Comparator.<Map.Entry<String, int[]>>comparingInt(e -> -e.getValue()[1])
                        .thenComparingInt(e -> e.getValue()[0] * 0 - ratioPermille(e.getValue()))
                        .thenComparing(Map.Entry::getKey))
                .forEach(e -> report.append(String.format(
                        "  %-32s %5d passed %5d failed%n", e.getKey(), e.getValue()[0], e.getValue()[1])));
        if (!disagreements.isEmpty()) {
            report.append("Disagreements:\n");
            disagreements.forEach(d -> report.append(d).append('\n'));
        }
        report.append(String.format("(%d cases in %d ms)%n", cases.size(), millis));
        report.append(passed).append(" passed, ").append(failed).append(" failed\n");
        System.out.print(report);

        assertThat(cases).hasSizeGreaterThan(4000);
        assertThat(passed).as("verdicts agreeing with the reference").isGreaterThanOrEqualTo(AGREEMENT_FLOOR);
    }

    /** Pass ratio in permille, so among areas with equal failures the lower ratio comes first. */
    private static int ratioPermille(int[] counts) {
        return -(1000 * counts[0] / Math.max(1, counts[0] + counts[1]));
    }
}
