package dev.wreg.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * Everything the CLI reads from the outside world, passed in rather than taken from globals so
 * that tests run commands in-process with their own environment variables, streams and folders.
 *
 * @param variables environment variables ({@code WREG_*}, {@code XDG_*}, {@code HOME})
 * @param workingDirectory where relative paths and default output files resolve
 * @param terminal whether stderr is an interactive terminal (progress bars only then)
 */
public record CliEnvironment(
        Map<String, String> variables,
        InputStream in,
        PrintStream out,
        PrintStream err,
        Path workingDirectory,
        boolean terminal) {

    public CliEnvironment {
        variables = Map.copyOf(variables);
        Objects.requireNonNull(in);
        Objects.requireNonNull(out);
        Objects.requireNonNull(err);
        workingDirectory = workingDirectory.toAbsolutePath();
    }

    public static CliEnvironment system() {
        return new CliEnvironment(
                System.getenv(), System.in, System.out, System.err, Path.of(""), TerminalDetection.stderrIsTerminal());
    }

    /** An environment variable, treating unset and empty alike (as the XDG spec asks). */
    public String variable(String name) {
        String value = variables.get(name);
        return value == null || value.isBlank() ? null : value;
    }

    public Path resolve(String path) {
        return workingDirectory.resolve(path).normalize();
    }
}
