package dev.wreg.validator.component;

import dev.wreg.validator.Validator;
import dev.wreg.validator.conformance.ValidationCorpus;
import dev.wreg.validator.conformance.ValidationCorpus.Case;
import dev.wreg.validator.core.Features;
import dev.wreg.validator.core.ValidationResult;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Runs {@link Validator} over a component-validation corpus (by default the shared one:
 * wasm-tools 1.257's and the component-model repository's test scripts, encoded to binaries) and
 * compares each verdict with the reference one. Prints a per-area breakdown (worst first), every
 * disagreement, the right verdicts whose message differs from the reference wording, and {@code N
 * passed, N failed}. The corpus, the floor and the expected sets are as {@link ValidationCorpus}
 * says; on the shared corpus the expected failures are none.
 *
 * <p>Cases this runner once missed, and what fixed them: exported resources get a fresh alias
 * identity (so {@code own} of the original index is not named by the export); core GC types carry
 * their canonical rec-group identity and declared supertypes, so module instantiation checks core
 * function subtyping; canonical options refuse shared memories; the core validator reads
 * shared-everything-threads' shared reference types, tables and globals.
 */
class ComponentValidationConformanceTest {

    @Test
    void verdictsAgreeWithTheReference() throws IOException {
        ValidationCorpus corpus = ValidationCorpus.of("component-validation", ComponentValidationConformanceTest.class);
        List<Case> cases = corpus.cases();
        Map<String, int[]> byArea = new TreeMap<>();
        Map<String, String> failures = new TreeMap<>();
        Map<String, String> messageMismatches = new TreeMap<>();
        List<String> disagreements = new ArrayList<>();
        int passed = 0;
        long started = System.nanoTime();
        for (Case c : cases) {
            ValidationResult result = Validator.validate(corpus.bytes(c), Features.parse(c.features()));
            boolean agrees = result.isValid() == c.expectValid();
            byArea.computeIfAbsent(c.area(), a -> new int[2])[agrees ? 0 : 1]++;
            if (agrees) {
                passed++;
                if (result instanceof ValidationResult.Invalid bad
                        && !bad.message()
                                .toLowerCase(Locale.ROOT)
                                .contains(c.message().toLowerCase(Locale.ROOT))) {
                    messageMismatches.put(
                            c.id(),
                            ValidationCorpus.oneLine("expected `" + c.message() + "`, got `" + bad.message() + "`"));
                }
            } else {
                failures.put(c.id(), ValidationCorpus.oneLine("expected " + c.expect() + ", got " + result));
                disagreements.add(String.format(
                        "  %s %s [%s]: expected %s%s, got %s",
                        c.area(),
                        c.id(),
                        c.features(),
                        c.expect(),
                        c.message().isEmpty() ? "" : " (" + ValidationCorpus.oneLine(c.message()) + ")",
                        ValidationCorpus.oneLine(result.toString())));
            }
        }
        int failed = cases.size() - passed;
        long millis = (System.nanoTime() - started) / 1_000_000;
        StringBuilder report =
                new StringBuilder("Component validation conformance (" + corpus.dir() + "), per area (worst first):\n");
        byArea.entrySet().stream()
                .sorted(Comparator.<Map.Entry<String, int[]>>comparingInt(e -> -e.getValue()[1])
                        .thenComparing(Map.Entry::getKey))
                .forEach(e -> report.append(String.format(
                        "  %-28s %5d passed %5d failed%n", e.getKey(), e.getValue()[0], e.getValue()[1])));
        if (!disagreements.isEmpty()) {
            report.append("Disagreements:\n");
            disagreements.forEach(d -> report.append(d).append('\n'));
        }
        report.append(String.format(
                "Invalid cases with the right verdict whose message does not contain the reference wording: %d%n",
                messageMismatches.size()));
        report.append(String.format("(%d cases in %d ms)%n", cases.size(), millis));
        report.append(passed).append(" passed, ").append(failed).append(" failed\n");
        System.out.print(report);

        corpus.assertMet(cases.size(), passed, failures, messageMismatches);
    }
}
