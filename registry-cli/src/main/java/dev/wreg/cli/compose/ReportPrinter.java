package dev.wreg.cli.compose;

import dev.wreg.composer.graph.CompositionGraph.Wiring;
import dev.wreg.composer.pipeline.CompositionReport;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * Prints a composition report the same way whether it was made here ({@link CompositionReport})
 * or by the registry (its JSON form, {@code GET /v1/compositions/{id}}'s {@code report}).
 */
final class ReportPrinter {

    private ReportPrinter() {}

    static void print(PrintStream out, Path output, CompositionReport r, boolean printWit) {
        out.println("wrote " + output + " (" + r.size() + " bytes)");
        out.println("wiring:");
        for (Wiring w : r.wiring()) {
            out.println("  " + w.consumer() + " " + w.importName() + " <- " + w.provider() + " " + w.providerExport());
        }
        for (String unused : r.unusedPlugs()) {
            out.println("unused plug: " + unused);
        }
        out.println("imports: " + list(r.imports()));
        out.println("exports: " + list(r.exports()));
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
        out.flush();
    }

    static void print(PrintStream out, Path output, JsonNode r, boolean printWit) {
        out.println("wrote " + output + " (" + r.path("size").asLong() + " bytes, composed by the registry)");
        out.println("wiring:");
        for (JsonNode w : r.path("wiring")) {
            out.println("  " + w.path("consumer").asString() + " "
                    + w.path("importName").asString() + " <- "
                    + w.path("provider").asString() + " "
                    + w.path("providerExport").asString());
        }
        for (JsonNode unused : r.path("unusedPlugs")) {
            out.println("unused plug: " + unused.asString());
        }
        out.println("imports: " + list(strings(r.path("imports"))));
        out.println("exports: " + list(strings(r.path("exports"))));
        for (JsonNode c : r.path("checks")) {
            out.println("check " + c.path("name").asString() + ": "
                    + (c.path("passed").asBoolean() ? "ok" : "FAILED") + " ("
                    + c.path("detail").asString() + ")");
        }
        JsonNode s = r.path("smokeRun");
        if (!s.path("possible").asBoolean()) {
            out.println("smoke run: not possible: " + s.path("reason").asString());
        } else {
            out.println("smoke run: " + s.path("durationMillis").asLong() + " ms");
            for (JsonNode c : s.path("calls")) {
                String result = c.path("result").isString()
                        ? c.path("result").asString()
                        : "error: " + c.path("error").asString();
                out.println("  " + c.path("call").asString() + " = " + result);
            }
        }
        if (printWit) {
            out.print(r.path("wit").asString());
        }
        out.flush();
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asString()));
        return out;
    }

    private static String list(List<String> items) {
        return items.isEmpty() ? "(none)" : String.join(", ", items);
    }
}
