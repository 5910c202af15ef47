package dev.wreg.cli.compose;

import dev.wreg.protocol.api.ReportView;
import java.io.PrintStream;
import java.util.List;

/**
 * Prints a composition report the same way whether it was made here or by the registry: both are
 * the report's wire form ({@code GET /v1/compositions/{id}}'s {@code report}).
 */
final class ReportPrinter {

    private ReportPrinter() {}

    /** @param written what the first line says was written: the file and its size */
    static void print(PrintStream out, String written, ReportView r, boolean printWit) {
        out.println("wrote " + written);
        out.println("wiring:");
        for (ReportView.WiringView w : r.wiring()) {
            out.println("  " + w.consumer() + " " + w.importName() + " <- " + w.provider() + " " + w.providerExport());
        }
        for (String unused : r.unusedPlugs()) {
            out.println("unused plug: " + unused);
        }
        out.println("imports: " + list(r.imports()));
        out.println("exports: " + list(r.exports()));
        for (ReportView.CheckView c : r.checks()) {
            out.println("check " + c.name() + ": " + (c.passed() ? "ok" : "FAILED") + " (" + c.detail() + ")");
        }
        ReportView.SmokeRunView s = r.smokeRun();
        if (!s.possible()) {
            out.println("smoke run: not possible: " + s.reason());
        } else {
            out.println("smoke run: " + s.durationMillis() + " ms");
            for (ReportView.CallView c : s.calls()) {
                String result = c.result() != null ? c.result() : "error: " + (c.error() == null ? "" : c.error());
                out.println("  " + c.call() + " = " + result);
            }
        }
        if (printWit) {
            out.print(r.wit());
        }
        out.flush();
    }

    private static String list(List<String> items) {
        return items.isEmpty() ? "(none)" : String.join(", ", items);
    }
}
