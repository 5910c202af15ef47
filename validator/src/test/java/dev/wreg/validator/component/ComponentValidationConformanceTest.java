package dev.wreg.validator.component;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wreg.testsupport.SharedData;
import dev.wreg.validator.Validator;
import dev.wreg.validator.core.Features;
import dev.wreg.validator.core.ValidationResult;
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
 * Runs {@link Validator} over the shared component-validation corpus (wasm-tools 1.257's and the
 * component-model repository's test scripts, encoded to binaries) and compares each verdict with
 * the reference one. Prints a per-area breakdown (worst first), every disagreement, and
 * {@code N passed, N failed}; fails when agreement drops below {@link #AGREEMENT_FLOOR}.
 *
 * <p>Known disagreements: none. Cases this runner once missed, and what fixed them: exported
 * resources get a fresh alias identity (so {@code own} of the original index is not named by the
 * export); core GC types carry their canonical rec-group identity and declared supertypes, so
 * module instantiation checks core function subtyping; canonical options refuse shared memories;
 * the core validator reads shared-everything-threads' shared reference types, tables and globals.
 */
class ComponentValidationConformanceTest {

    /** Verdicts we agree on today; raise it as agreement improves so a regression fails the build. */
    private static final int AGREEMENT_FLOOR = 1214;

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    record Case(String file, String expect, String message, String area, String features) {}

    @Test
    void verdictsAgreeWithTheReference() throws IOException {
        Path dir = SharedData.require("conformance/component-validation");
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
                    n.get("features").asString()));
        }
        Map<String, int[]> byArea = new TreeMap<>();
        List<String> disagreements = new ArrayList<>();
        int passed = 0;
        int failed = 0;
        long started = System.nanoTime();
        for (Case c : cases) {
            byte[] bytes = Files.readAllBytes(dir.resolve(c.file()));
            ValidationResult result = Validator.validate(bytes, Features.parse(c.features()));
            boolean agrees = result.isValid() == c.expect().equals("valid");
            byArea.computeIfAbsent(c.area(), a -> new int[2])[agrees ? 0 : 1]++;
            if (agrees) {
                passed++;
            } else {
                failed++;
                disagreements.add(String.format(
                        "  %s %s [%s]: expected %s%s, got %s",
                        c.area(),
                        c.file(),
                        c.features(),
                        c.expect(),
                        c.message().isEmpty() ? "" : " (" + c.message().replace('\n', ' ') + ")",
                        result.toString().replace('\n', ' ')));
            }
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        StringBuilder report = new StringBuilder("Component validation conformance, per area (worst first):\n");
        byArea.entrySet().stream()
                .sorted(Comparator.<Map.Entry<String, int[]>>comparingInt(e -> -e.getValue()[1])
                        .thenComparing(Map.Entry::getKey))
                .forEach(e -> report.append(String.format(
                        "  %-28s %5d passed %5d failed%n", e.getKey(), e.getValue()[0], e.getValue()[1])));
        if (!disagreements.isEmpty()) {
            report.append("Disagreements:\n");
            disagreements.forEach(d -> report.append(d).append('\n'));
        }
        report.append(String.format("(%d cases in %d ms)%n", cases.size(), millis));
        report.append(passed).append(" passed, ").append(failed).append(" failed\n");
        System.out.print(report);

        assertThat(cases).hasSizeGreaterThan(1000);
        assertThat(passed).as("verdicts agreeing with the reference").isGreaterThanOrEqualTo(AGREEMENT_FLOOR);
    }
}
