package dev.wreg.cli;

import dev.wreg.protocol.ProtocolException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/** Runs one {@code wreg} invocation and turns every failure into one stderr line and an exit code. */
public final class Wreg {

    private Wreg() {}

    public static int run(CliEnvironment env, String... args) {
        WregCommand root = new WregCommand(env);
        CommandLine commandLine = new CommandLine(root);
        commandLine.setOut(new PrintWriter(env.out(), true));
        commandLine.setErr(new PrintWriter(env.err(), true));
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        commandLine.setParameterExceptionHandler((ParameterException e, String[] ignored) -> {
            String command = e.getCommandLine().getCommandSpec().qualifiedName();
            fail(env, e.getMessage() + " (see: " + command + " --help)");
            return ExitCode.USAGE;
        });
        commandLine.setExecutionExceptionHandler((e, cl, parsed) -> handle(env, e));
        int code = commandLine.execute(args);
        if (code == ExitCode.OK) {
            root.notesOnSuccess().forEach(env.err()::println);
        }
        return code;
    }

    private static int handle(CliEnvironment env, Exception e) {
        return switch (e) {
            case CliException cli -> {
                fail(env, cli.getMessage());
                yield cli.exitCode();
            }
            case ProtocolException protocol -> {
                // Reached only for bad input the user typed; commands turn verification
                // failures into CliException(INTEGRITY) themselves.
                fail(env, protocol.getMessage());
                yield ExitCode.USAGE;
            }
            case UncheckedIOException io -> {
                fail(env, io.getMessage() + ": " + io.getCause().getMessage());
                yield ExitCode.SOFTWARE;
            }
            default -> {
                fail(env, "unexpected failure: " + e);
                if (env.variable("WREG_DEBUG") != null) {
                    e.printStackTrace(env.err());
                }
                yield ExitCode.SOFTWARE;
            }
        };
    }

    private static void fail(CliEnvironment env, String message) {
        // Exactly one line: collapse any newline a nested message may carry.
        env.err().println("wreg: " + message.replaceAll("\\s*\\R\\s*", " ").strip());
        env.err().flush();
    }
}
