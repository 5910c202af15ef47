package dev.wreg.cli.compose;

import dev.wreg.composer.graph.CompositionGraph.Wiring;
import dev.wreg.composer.pipeline.CompositionReport;
import java.io.PrintWriter;
import java.nio.file.Path;

/** Prints a composition report the way {@code wreg compose} shows it. */
final class ReportPrinter {
    private ReportPrinter() {}

    static void print(PrintWriter out, Path output, CompositionReport r, boolean printWit) {
        out.println("wrote " + output + " (" + r.size() + " bytes)");
        out.println("wiring:");
        for (Wiring w : r.wiring()) {
            out.println("  " + w.consumer() + " " + w.importName() + " <- " + w.provider() + " " + w.providerExport());
        }
        out.println("imports: " + (r.imports().isEmpty() ? "(none)" : String.join(", ", r.imports())));
        out.println("exports: " + (r.exports().isEmpty() ? "(none)" : String.join(", ", r.exports())));
        for (CompositionReport.Check c : r.checks()) {
            out.println("check " + c.name() + ": " + (c.passed() ? "ok" : "FAILED") + " (" + c.detail() + ")");
        }
        CompositionReport.SmokeRun s = r.smokeRun();
        if (!s.possible()) {
            out.println("smoke run: not possible: " + s.reason());
        } else {
            out.println("smoke run: " + s.duration().toMillis() + " ms");
            for (CompositionReport.Call c : s.calls()) {
                out.println("  " + c.call() + " = "
                        + c.result().orElseGet(() -> "error: " + c.error().orElse("")));
            }
        }
        if (printWit) {
            out.print(r.wit());
        }
    }
}
