package dev.wreg.composer.pipeline;

import dev.wreg.composer.graph.CompositionGraph.Wiring;
import dev.wreg.protocol.api.ReportView;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a composition did: the wiring table (import → provider export, with the versions in the
 * names), the checks that ran, the smoke run, and the WIT world of the result.
 */
public record CompositionReport(
        List<Wiring> wiring,
        List<String> imports,
        List<String> exports,
        List<String> unusedPlugs,
        List<Check> checks,
        SmokeRun smokeRun,
        String wit,
        int size) {
    public CompositionReport {
        wiring = List.copyOf(wiring);
        imports = List.copyOf(imports);
        exports = List.copyOf(exports);
        unusedPlugs = List.copyOf(unusedPlugs);
        checks = List.copyOf(checks);
    }

    /** One check: its name, whether it passed, and a one-line detail. */
    public record Check(String name, boolean passed, String detail) {}

    /**
     * The smoke run: not possible (with the reason), or the calls with their outcomes.
     * {@code limitExceeded} names the limit ({@code timeout}, {@code memory}, {@code instances},
     * {@code tables}, {@code stack}) that stopped the run, if one did.
     */
    public record SmokeRun(
            boolean possible,
            String reason,
            List<String> unsatisfiedImports,
            List<Call> calls,
            Duration duration,
            Optional<String> limitExceeded) {
        public SmokeRun {
            unsatisfiedImports = List.copyOf(unsatisfiedImports);
            calls = List.copyOf(calls);
            Objects.requireNonNull(limitExceeded, "limitExceeded");
        }

        public SmokeRun(
                boolean possible, String reason, List<String> unsatisfiedImports, List<Call> calls, Duration duration) {
            this(possible, reason, unsatisfiedImports, calls, duration, Optional.empty());
        }

        public static SmokeRun notPossible(String reason, List<String> unsatisfied) {
            return new SmokeRun(false, reason, unsatisfied, List.of(), Duration.ZERO);
        }
    }

    /** One call in WAVE syntax; {@code result} is the WAVE result or empty when it failed ({@code error}). */
    public record Call(String call, Optional<String> result, Optional<String> error) {}

    public boolean passed() {
        return checks.stream().allMatch(Check::passed)
                && smokeRun.calls().stream().allMatch(c -> c.error().isEmpty());
    }

    /** This report as the registry API carries it, and as {@code wreg compose} prints it. */
    public ReportView view() {
        return new ReportView(
                passed(),
                wiring.stream()
                        .map(w -> new ReportView.WiringView(
                                w.consumer(), w.importName(), w.provider(), w.providerExport()))
                        .toList(),
                imports,
                exports,
                unusedPlugs,
                checks.stream()
                        .map(c -> new ReportView.CheckView(c.name(), c.passed(), c.detail()))
                        .toList(),
                new ReportView.SmokeRunView(
                        smokeRun.possible(),
                        smokeRun.reason(),
                        smokeRun.unsatisfiedImports(),
                        smokeRun.calls().stream()
                                .map(c -> new ReportView.CallView(
                                        c.call(),
                                        c.result().orElse(null),
                                        c.error().orElse(null)))
                                .toList(),
                        smokeRun.duration().toMillis()),
                wit,
                size);
    }
}
