package dev.wreg.cli.compose;

import dev.wreg.cli.ExitCode;
import dev.wreg.composer.ComposeInput;
import dev.wreg.composer.CompositionException;
import dev.wreg.composer.graph.CompositionGraph.Wiring;
import dev.wreg.composer.pipeline.ComposePipeline;
import dev.wreg.composer.pipeline.CompositionReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code wreg compose}: links components by WIT interface on this machine, validates the result
 * and smoke-runs it. Exit codes: 0 composed and every check passed, 1 composed but a check or a
 * smoke call failed (the output is still written), 2 refused (the reason on one line) or bad usage.
 */
@Command(
        name = "compose",
        mixinStandardHelpOptions = true,
        exitCodeOnInvalidInput = 2,
        description = {
            "Compose WebAssembly components by WIT interface:",
            "  wreg compose FILE.wac [-o out.wasm]   evaluate a composition plan (WAC)",
            "  wreg compose plug SOCKET --plug P...  fill a socket's imports with plugs"
        },
        subcommands = {ComposeCommand.Plug.class})
public final class ComposeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    /** {@code wreg compose FILE.wac [-o out.wasm]}: the plan options live in {@link ComposeFile}. */
    @Mixin
    ComposeFile file = new ComposeFile();

    @Override
    public Integer call() {
        if (file.plan == null) {
            spec.commandLine().usage(spec.commandLine().getErr());
            return ExitCode.USAGE;
        }
        return file.run(spec.commandLine().getOut(), spec.commandLine().getErr(), null);
    }

    @Command(
            name = "plug",
            mixinStandardHelpOptions = true,
            exitCodeOnInvalidInput = 2,
            description = "Fill the imports of SOCKET with the matching exports of the plugs (wac plug semantics).",
            footer = {
                "",
                "Exit codes: 0 composed and all checks passed, 1 composed but a check failed,",
                "2 refused (reason on one line) or usage error."
            })
    public static final class Plug implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "SOCKET", description = "The component whose imports are filled.")
        Path socket;

        @Option(
                names = {"-p", "--plug"},
                required = true,
                paramLabel = "PLUG",
                description = "A component whose exports fill imports (repeatable; order matters with --transitive).")
        List<Path> plugs = new ArrayList<>();

        @Option(
                names = {"-o", "--output"},
                paramLabel = "FILE",
                description = "Where to write the composed component (default: composed.wasm).")
        Path output = Path.of("composed.wasm");

        @Option(
                names = {"-t", "--transitive"},
                description = "Also fill each plug's imports from the plugs listed after it (chains).")
        boolean transitive;

        @Option(
                names = "--invoke",
                paramLabel = "CALL",
                description = "A call in WAVE syntax to smoke-run on the result, e.g. 'run()' (repeatable).")
        List<String> invoke = new ArrayList<>();

        @Option(names = "--wit", description = "Print the WIT world of the result.")
        boolean printWit;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            ComposePipeline.Result result;
            try {
                List<ComposeInput> plugInputs = new ArrayList<>();
                for (Path p : plugs) {
                    plugInputs.add(read(p));
                }
                result = ComposePipeline.plug(
                        ComposePipeline.PlugRequest.of(read(socket), plugInputs, transitive, invoke));
            } catch (CompositionException e) {
                err.println("wreg compose: refused: " + e.getMessage());
                err.flush();
                return ExitCode.USAGE;
            } catch (NoSuchFileException e) {
                err.println("wreg compose: no such file: " + e.getFile());
                err.flush();
                return ExitCode.USAGE;
            } catch (IOException e) {
                err.println("wreg compose: cannot read input: " + e.getMessage());
                err.flush();
                return ExitCode.USAGE;
            }
            try {
                Files.write(output, result.bytes());
            } catch (IOException e) {
                err.println("wreg compose: cannot write " + output + ": " + e.getMessage());
                err.flush();
                return ExitCode.SOFTWARE;
            }
            print(out, result.report());
            out.flush();
            return result.report().passed() ? ExitCode.OK : ExitCode.SOFTWARE;
        }

        private void print(PrintWriter out, CompositionReport r) {
            out.println("wrote " + output + " (" + r.size() + " bytes)");
            out.println("wiring:");
            for (Wiring w : r.wiring()) {
                out.println(
                        "  " + w.consumer() + " " + w.importName() + " <- " + w.provider() + " " + w.providerExport());
            }
            for (String unused : r.unusedPlugs()) {
                out.println("unused plug: " + unused);
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

        private static ComposeInput read(Path p) throws IOException {
            String stem = p.getFileName().toString();
            int dot = stem.lastIndexOf('.');
            if (dot > 0) {
                stem = stem.substring(0, dot);
            }
            return new ComposeInput(stem, Files.readAllBytes(p));
        }
    }
}
