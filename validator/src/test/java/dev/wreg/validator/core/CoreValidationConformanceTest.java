package dev.wreg.validator.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wreg.testsupport.SharedData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import run.endive.wasm.Parser;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs {@link CoreValidator} over the shared core-validation corpus (the Wasm 3.0 spec test suite
 * encoded to binaries) and compares each verdict with the reference one.
 *
 * <p>Known disagreements: none on the shared corpus (all 4161 verdicts agree); the floor below
 * holds that. Messages are a hint only: the runner counts right verdicts whose message does not
 * contain the reference wording (the spec suite's wording differs from wasm-tools' in places).
 * It also measures Endive 1.0.0's own verdicts as a baseline and lists any case only Endive
 * gets right, which is how the choice not to delegate to it is kept honest (see the README).
 */
class CoreValidationConformanceTest {

    /** Verdicts we agree on today; raise it as agreement improves so a regression fails the build. */
    private static final int AGREEMENT_FLOOR = 4161;

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    record Case(String file, String expect, String message, String area, String directive, String features) {}

    @Test
    void verdictsAgreeWithTheReference() throws IOException {
        Path dir = SharedData.require("conformance/core-validation");
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
        List<String> chicoryOnlyRight = new ArrayList<>();
        List<String> needsUnsupported = new ArrayList<>();
        int passed = 0;
        int failed = 0;
        int chicoryAgrees = 0;
        int messageDiffers = 0;
        long started = System.nanoTime();
        for (Case c : cases) {
            byte[] bytes = Files.readAllBytes(dir.resolve(c.file()));
            CoreValidator validator = CoreValidator.of(Features.parse(c.features()));
            if (!validator.unsupportedEnabledFeatures().isEmpty()) {
                // Reported apart, and still counted: a verdict we cannot give is not a pass.
                needsUnsupported.add(c.file() + " " + validator.unsupportedEnabledFeatures());
            }
            ValidationResult result = validator.validate(bytes);
            boolean expectValid = c.expect().equals("valid");
            boolean agrees = result.isValid() == expectValid;
            boolean chicoryRight = chicoryAcceptsAsIs(bytes) == expectValid;
            if (chicoryRight) {
                chicoryAgrees++;
                if (!agrees) {
                    chicoryOnlyRight.add(c.file());
                }
            }
            if (agrees
                    && result instanceof ValidationResult.Invalid bad
                    && !bad.message()
                            .toLowerCase(Locale.ROOT)
                            .contains(c.message().toLowerCase(Locale.ROOT))) {
                messageDiffers++;
            }
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

        StringBuilder report = new StringBuilder("\nCore validation conformance, per area (worst first):\n");
        byArea.entrySet().stream()
                .sorted(Comparator.<Map.Entry<String, int[]>>comparingInt(e -> -e.getValue()[1])
                        .thenComparingInt(e -> passPermille(e.getValue()))
                        .thenComparing(Map.Entry::getKey))
                .forEach(e -> report.append(String.format(
                        "  %-32s %5d passed %5d failed%n", e.getKey(), e.getValue()[0], e.getValue()[1])));
        if (!disagreements.isEmpty()) {
            report.append("Disagreements:\n");
            disagreements.forEach(d -> report.append(d).append('\n'));
        }
        report.append(String.format(
                "Cases enabling a feature this validator does not implement: %d %s%n",
                needsUnsupported.size(), needsUnsupported));
        report.append(String.format(
                "Invalid cases with the right verdict whose message does not contain the reference wording: %d%n",
                messageDiffers));
        report.append(String.format(
                "Baseline, Endive 1.0.0's Parser.parse alone: %d of %d agree; cases only it gets right: %s%n",
                chicoryAgrees, cases.size(), chicoryOnlyRight));
        report.append(String.format("(%d cases in %d ms, baseline included)%n", cases.size(), millis));
        report.append(passed).append(" passed, ").append(failed).append(" failed\n");
        System.out.print(report);

        assertThat(cases).hasSizeGreaterThan(4000);
        assertThat(passed).as("verdicts agreeing with the reference").isGreaterThanOrEqualTo(AGREEMENT_FLOOR);
    }

    /** Endive's verdict as its parser gives it (it also validates bodies while parsing). */
    private static boolean chicoryAcceptsAsIs(byte[] bytes) {
        try {
            Parser.parse(bytes);
            return true;
        } catch (RuntimeException | StackOverflowError e) {
            return false;
        }
    }

    /** Pass ratio in permille: among areas with equal failures, the lower ratio comes first. */
    private static int passPermille(int[] counts) {
        return 1000 * counts[0] / Math.max(1, counts[0] + counts[1]);
    }
}
