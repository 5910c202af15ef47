package dev.wreg.cli.compose;

import dev.wreg.cli.run.RunCommand;
import dev.wreg.composer.pipeline.ComposePipeline;
import dev.wreg.composer.pipeline.CompositionReport;
import dev.wreg.engine.wasi.WasiHost;
import java.io.PrintStream;
import picocli.CommandLine.Option;

/**
 * The limits of a local smoke run ({@code --invoke}), as {@code wreg run} spells them: a component
 * that loops or allocates without end is stopped at the limit, which the report and one line on
 * stderr name, and the command exits 1.
 */
public final class SmokeRunOptions {

    @Option(
            names = "--timeout",
            paramLabel = "DURATION",
            defaultValue = "10s",
            description = "Wall-clock limit of the smoke run (instantiation and all calls), e.g. 500ms, 10s, 2m"
                    + " (default: ${DEFAULT-VALUE}).")
    String timeout;

    @Option(
            names = "--max-memory",
            paramLabel = "SIZE",
            defaultValue = "256M",
            description = "Cap on the smoke run's linear memory, all core instances together, e.g. 64M, 1G"
                    + " (default: ${DEFAULT-VALUE}).")
    String maxMemory;

    WasiHost.Limits limits() {
        return ComposePipeline.DEFAULT_SMOKE_LIMITS
                .withTimeout(RunCommand.parseDuration(timeout))
                .withMaxMemoryBytes(RunCommand.parseSize(maxMemory));
    }

    /** Names the limit that stopped the smoke run, if one did. */
    static void reportLimit(PrintStream err, CompositionReport report) {
        report.smokeRun().limitExceeded().ifPresent(limit -> {
            err.println("wreg: warning: the smoke run was stopped at its `" + limit + "` limit"
                    + (limit.equals("timeout") || limit.equals("memory")
                            ? " (raise it with --" + (limit.equals("timeout") ? "timeout" : "max-memory") + ")"
                            : ""));
            err.flush();
        });
    }
}
