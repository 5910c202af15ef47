package dev.wreg.cli.compose;

import dev.wreg.cli.ExitCode;
import dev.wreg.composer.CompositionException;
import dev.wreg.composer.graph.LoadedPackage;
import dev.wreg.composer.pipeline.ComposePipeline;
import dev.wreg.composer.plan.DepsDirectoryResolver;
import dev.wreg.composer.plan.PackageResolver;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code wreg compose FILE.wac}: evaluates a composition plan (the WAC subset of {@code
 * composer.plan}) on this machine. Packages come from {@code --dep ns:pkg=FILE} first, then the
 * deps folder ({@code <deps>/<ns>/<pkg>.wasm}, {@code <deps>/<ns>/<pkg>/<version>.wasm}). A mixin
 * of {@link ComposeCommand} so the plan options stay apart from the {@code plug} subcommand.
 */
public final class ComposeFile {
    @Parameters(
            index = "0",
            arity = "0..1",
            paramLabel = "FILE.wac",
            description = "A composition plan (WAC: package, import, let … = new …, export).")
    Path plan;

    @Option(
            names = {"-o", "--output"},
            paramLabel = "FILE",
            description = "Where to write the composed component (default: composed.wasm).")
    Path output = Path.of("composed.wasm");

    @Option(
            names = {"-d", "--deps-dir"},
            paramLabel = "DIR",
            description = "The dependency folder, wac's layout (default: deps).")
    Path depsDir = Path.of("deps");

    @Option(
            names = "--dep",
            paramLabel = "NS:PKG=FILE",
            description = "Use FILE for package NS:PKG (repeatable; for unversioned `new` only, as in wac).")
    List<String> deps = new ArrayList<>();

    @Option(
            names = "--invoke",
            paramLabel = "CALL",
            description = "A call in WAVE syntax to smoke-run on the result, e.g. 'run()' (repeatable).")
    List<String> invoke = new ArrayList<>();

    @Option(names = "--wit", description = "Print the WIT world of the result.")
    boolean printWit;

    @Mixin
    SmokeRunOptions smokeRun = new SmokeRunOptions();

    /** Runs the plan; {@code registry} resolves what the local sources do not know (may be null). */
    int run(PrintStream out, PrintStream err, PackageResolver registry) {
        ComposePipeline.Result result;
        try {
            String source = readPlan(plan);
            PackageResolver resolver = explicitDeps()
                    .orElse(new DepsDirectoryResolver(depsDir, LoadedPackage.DEFAULT_MAX_BYTES))
                    .orElse(registry == null ? PackageResolver.none() : registry);
            result = ComposePipeline.compose(new ComposePipeline.PlanRequest(
                    plan.toString(), source, resolver, invoke, LoadedPackage.DEFAULT_MAX_BYTES, smokeRun.limits()));
        } catch (CompositionException e) {
            err.println("wreg: composition refused: " + e.getMessage());
            err.flush();
            return ExitCode.USAGE;
        } catch (NoSuchFileException e) {
            err.println("wreg: no such file: " + e.getFile());
            err.flush();
            return ExitCode.USAGE;
        } catch (IOException e) {
            err.println("wreg: cannot read a composition input: " + e.getMessage());
            err.flush();
            return ExitCode.USAGE;
        }
        try {
            Files.write(output, result.bytes());
        } catch (IOException e) {
            err.println("wreg: cannot write " + output + ": " + e.getMessage());
            err.flush();
            return ExitCode.SOFTWARE;
        }
        ReportPrinter.print(
                out,
                output + " (" + result.report().size() + " bytes)",
                result.report().view(),
                printWit);
        out.flush();
        SmokeRunOptions.reportLimit(err, result.report());
        return result.report().passed() ? ExitCode.OK : ExitCode.SOFTWARE;
    }

    private static String readPlan(Path file) throws IOException {
        long size = Files.size(file);
        if (size > 4L * dev.wreg.composer.plan.PlanParser.MAX_SOURCE_CHARS) {
            throw new CompositionException(
                    "input-too-large", "`" + file + "` is " + size + " bytes, too large for a plan");
        }
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(file)))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new CompositionException("plan-syntax", "`" + file + "` is not UTF-8 text");
        }
    }

    /** {@code --dep ns:pkg=FILE} entries as a resolver; a versioned request never matches them. */
    private PackageResolver explicitDeps() {
        Map<String, Path> files = new LinkedHashMap<>();
        for (String d : deps) {
            int eq = d.indexOf('=');
            if (eq <= 0 || eq == d.length() - 1) {
                throw new CompositionException("usage", "--dep expects NS:PKG=FILE, got `" + d + "`");
            }
            files.put(d.substring(0, eq), Path.of(d.substring(eq + 1)));
        }
        return (name, requirement) -> {
            Path f = files.get(name);
            if (f == null || requirement != null) {
                throw PackageResolver.unknownPackage(name);
            }
            try {
                return new PackageResolver.ResolvedPackage(name, null, Files.readAllBytes(f));
            } catch (IOException e) {
                throw new CompositionException("unreadable-input", "cannot read `" + f + "`: " + e.getMessage());
            }
        };
    }
}
