package dev.wreg.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Runs {@code wreg} in-process with its own home, XDG directories and captured streams. */
public final class CliHarness {

    private final Path home;
    private final Map<String, String> variables = new HashMap<>();
    private boolean terminal;

    public CliHarness(Path home) {
        this.home = home;
        variables.put("HOME", home.toString());
        variables.put("XDG_CONFIG_HOME", home.resolve("config").toString());
        variables.put("XDG_CACHE_HOME", home.resolve("cache").toString());
        variables.put("XDG_STATE_HOME", home.resolve("state").toString());
    }

    public CliHarness with(String variable, String value) {
        variables.put(variable, value);
        return this;
    }

    /** As if stderr were an interactive terminal (progress bars are drawn only then). */
    public CliHarness onATerminal() {
        terminal = true;
        return this;
    }

    public Path home() {
        return home;
    }

    public Result run(String... args) {
        return runWithInput("", args);
    }

    public Result runWithInput(String stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        CliEnvironment env = new CliEnvironment(
                variables,
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                home,
                terminal);
        int code = Wreg.run(env, args);
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    public record Result(int exitCode, String stdout, String stderr) {
        /** The one error line, as the user sees it. */
        public String errorLine() {
            var lines = stderr.strip()
                    .lines()
                    .filter(l -> !l.startsWith("wreg: warning"))
                    .toList();
            return lines.isEmpty() ? "" : lines.getLast();
        }

        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
        }
    }
}
