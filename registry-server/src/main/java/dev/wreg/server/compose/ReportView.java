package dev.wreg.server.compose;

import dev.wreg.composer.pipeline.CompositionReport;
import java.util.List;

/** The JSON form of a {@link CompositionReport}. */
public record ReportView(
        boolean passed,
        List<WiringView> wiring,
        List<String> imports,
        List<String> exports,
        List<String> unusedPlugs,
        List<CheckView> checks,
        SmokeRunView smokeRun,
        String wit,
        int size) {

    public record WiringView(String consumer, String importName, String provider, String providerExport) {}

    public record CheckView(String name, boolean passed, String detail) {}

    public record CallView(String call, String result, String error) {}

    public record SmokeRunView(
            boolean possible,
            String reason,
            List<String> unsatisfiedImports,
            List<CallView> calls,
            long durationMillis) {}

    public static ReportView of(CompositionReport r) {
        CompositionReport.SmokeRun s = r.smokeRun();
        return new ReportView(
                r.passed(),
                r.wiring().stream()
                        .map(w -> new WiringView(w.consumer(), w.importName(), w.provider(), w.providerExport()))
                        .toList(),
                r.imports(),
                r.exports(),
                r.unusedPlugs(),
                r.checks().stream()
                        .map(c -> new CheckView(c.name(), c.passed(), c.detail()))
                        .toList(),
                new SmokeRunView(
                        s.possible(),
                        s.reason(),
                        s.unsatisfiedImports(),
                        s.calls().stream()
                                .map(c -> new CallView(
                                        c.call(),
                                        c.result().orElse(null),
                                        c.error().orElse(null)))
                                .toList(),
                        s.duration().toMillis()),
                r.wit(),
                r.size());
    }

    /** The first thing that failed, for the one-line error of a failed composition. */
    public String firstFailure() {
        for (CheckView c : checks) {
            if (!c.passed()) {
                return "check " + c.name() + " failed: " + c.detail();
            }
        }
        for (CallView c : smokeRun.calls()) {
            if (c.error() != null) {
                return "smoke call " + c.call() + " failed: " + c.error();
            }
        }
        return "the composition failed";
    }
}
