package dev.wreg.validator.core;

import dev.wreg.validator.conformance.ValidationCorpus;
import dev.wreg.validator.conformance.ValidationCorpus.Case;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import run.endive.wasm.Parser;

/**
 * Runs {@link CoreValidator} over a core-validation corpus (by default the shared one: the Wasm
 * 3.0 spec test suite encoded to binaries) and compares each verdict with the reference one. The
 * corpus, the floor and the expected sets are as {@link ValidationCorpus} says; on the shared
 * corpus no case is expected to fail, and the right verdicts whose message does not contain the
 * reference wording (the spec suite's wording differs from wasm-tools' in places) must be exactly
 * the listed ones. It also measures Endive 1.0.0's own verdicts as a baseline and lists any case
 * only Endive gets right, which is how the choice not to delegate to it is kept honest (see the
 * README).
 */
class CoreValidationConformanceTest {

    @Test
    void verdictsAgreeWithTheReference() throws IOException {
        ValidationCorpus corpus = ValidationCorpus.of("core-validation", CoreValidationConformanceTest.class);
        List<Case> cases = corpus.cases();

        Map<String, int[]> byArea = new TreeMap<>();
        Map<String, String> failures = new TreeMap<>();
        Map<String, String> messageMismatches = new TreeMap<>();
        List<String> disagreements = new ArrayList<>();
        List<String> endiveOnlyRight = new ArrayList<>();
        List<String> needsUnsupported = new ArrayList<>();
        int passed = 0;
        int endiveAgrees = 0;
        long started = System.nanoTime();
        for (Case c : cases) {
            byte[] bytes = corpus.bytes(c);
            CoreValidator validator = CoreValidator.of(Features.parse(c.features()));
            if (!validator.unsupportedEnabledFeatures().isEmpty()) {
                // Reported apart, and still counted: a verdict we cannot give is not a pass.
                needsUnsupported.add(c.id() + " " + validator.unsupportedEnabledFeatures());
            }
            ValidationResult result = validator.validate(bytes);
            boolean agrees = result.isValid() == c.expectValid();
            boolean endiveRight = endiveAcceptsAsIs(bytes) == c.expectValid();
            if (endiveRight) {
                endiveAgrees++;
                if (!agrees) {
                    endiveOnlyRight.add(c.id());
                }
            }
            if (agrees
                    && result instanceof ValidationResult.Invalid bad
                    && !bad.message()
                            .toLowerCase(Locale.ROOT)
                            .contains(c.message().toLowerCase(Locale.ROOT))) {
                messageMismatches.put(
                        c.id(),
                        ValidationCorpus.oneLine("expected `" + c.message() + "`, got `" + bad.message() + "`"));
            }
            byArea.computeIfAbsent(c.area(), a -> new int[2])[agrees ? 0 : 1]++;
            if (agrees) {
                passed++;
            } else {
                failures.put(c.id(), ValidationCorpus.oneLine("expected " + c.expect() + ", got " + result));
                disagreements.add(String.format(
                        "  %s %s: expected %s%s, got %s",
                        c.area(),
                        c.id(),
                        c.expect(),
                        c.message().isEmpty() ? "" : " (" + c.message() + ")",
                        ValidationCorpus.oneLine(result.toString())));
            }
        }
        int failed = cases.size() - passed;
        long millis = (System.nanoTime() - started) / 1_000_000;

        StringBuilder report =
                new StringBuilder("\nCore validation conformance (" + corpus.dir() + "), per area (worst first):\n");
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
                messageMismatches.size()));
        report.append(String.format(
                "Baseline, Endive 1.0.0's Parser.parse alone: %d of %d agree; cases only it gets right: %s%n",
                endiveAgrees, cases.size(), endiveOnlyRight));
        report.append(String.format("(%d cases in %d ms, baseline included)%n", cases.size(), millis));
        report.append(passed).append(" passed, ").append(failed).append(" failed\n");
        System.out.print(report);

        corpus.assertMet(cases.size(), passed, failures, messageMismatches);
    }

    /** Endive's verdict as its parser gives it (it also validates bodies while parsing). */
    private static boolean endiveAcceptsAsIs(byte[] bytes) {
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
