package dev.wreg.protocol.api;

import java.util.List;

/**
 * A composition report as it travels (the composer's {@code CompositionReport}): the wiring
 * (import ← provider export), the result's imports and exports, the checks, the smoke run, the
 * result's WIT world and size.
 */
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

    /** One import of a consumer filled by a provider's export. */
    public record WiringView(String consumer, String importName, String provider, String providerExport) {}

    /** One check, whether it passed, and a one-line detail. */
    public record CheckView(String name, boolean passed, String detail) {}

    /** One smoke call in WAVE syntax: its {@code result}, or the {@code error} it failed with. */
    public record CallView(String call, String result, String error) {}

    /** The smoke run: not possible (with the reason), or the calls with their outcomes. */
    public record SmokeRunView(
            boolean possible,
            String reason,
            List<String> unsatisfiedImports,
            List<CallView> calls,
            long durationMillis) {}
}
