package dev.wreg.cli;

import dev.wreg.protocol.ProtocolException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/** Runs one {@code wreg} invocation and turns every failure into one stderr line and an exit code. */
public final class Wreg {

    private Wreg() {}

    public static int run(CliEnvironment env, String... args) {
        WregCommand root = new WregCommand(env);
        CommandLine commandLine = new CommandLine(root);
        addSubcommands(commandLine, args);
        commandLine.setOut(new PrintWriter(env.out(), true));
        commandLine.setErr(new PrintWriter(env.err(), true));
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        commandLine.setParameterExceptionHandler((ParameterException e, String[] ignored) -> {
            fail(env, usageMessage(e));
            return ExitCode.USAGE;
        });
        commandLine.setExecutionExceptionHandler((e, cl, parsed) -> handle(env, e));
        int code = commandLine.execute(args);
        if (code == ExitCode.OK) {
            root.notesOnSuccess().forEach(env.err()::println);
        }
        return code;
    }

    /**
     * Adds the subcommands, building picocli's full model (reflection over every option of every
     * nested command, loading the classes their fields name: the composer, the engine, Jackson)
     * only for those this invocation can reach: the ones its arguments name. That work is most of
     * the start-up time when done for all of them, and {@code wreg --help}, a typo or {@code wreg
     * fetch …} need only the others' names and descriptions, which a summary holds. Everything is
     * built for {@code completion} (its scripts list every option) and for {@code @file} arguments
     * (whose contents picocli reads later).
     */
    static void addSubcommands(CommandLine root, String... args) {
        Set<String> words = Set.copyOf(Arrays.asList(args));
        boolean everything = words.contains("completion") || words.stream().anyMatch(w -> w.startsWith("@"));
        for (Class<?> type : WregCommand.SUBCOMMANDS) {
            Command command = type.getAnnotation(Command.class);
            boolean named = words.contains(command.name())
                    || Arrays.stream(command.aliases()).anyMatch(words::contains);
            if (everything || named) {
                root.addSubcommand(command.name(), type);
            } else {
                CommandSpec summary = CommandSpec.create().name(command.name()).aliases(command.aliases());
                summary.usageMessage()
                        .header(command.header())
                        .description(command.description())
                        .hidden(command.hidden());
                root.addSubcommand(command.name(), new CommandLine(summary));
            }
        }
    }

    /**
     * The parse failure as one line: a word where a subcommand belongs is named as an unknown
     * command, with the nearest one when there is one ({@code pubish} → {@code publish}).
     */
    static String usageMessage(ParameterException e) {
        CommandLine at = e.getCommandLine();
        String command = at.getCommandSpec().qualifiedName();
        if (e instanceof UnmatchedArgumentException unmatched
                && !at.getSubcommands().isEmpty()
                && !unmatched.getUnmatched().isEmpty()) {
            String word = unmatched.getUnmatched().getFirst();
            if (!word.startsWith("-")
                    && at.getCommandSpec().positionalParameters().isEmpty()) {
                List<String> near = unmatched.getSuggestions().stream()
                        .filter(at.getSubcommands()::containsKey)
                        .filter(name -> !name.startsWith("-"))
                        // picocli's candidates share letters; only a few edits away is a typo.
                        .filter(name -> editDistance(word, name) <= Math.max(2, word.length() / 3))
                        .limit(3)
                        .toList();
                String suggestion = near.isEmpty()
                        ? ""
                        : "; did you mean "
                                + String.join(
                                        " or ",
                                        near.stream().map(n -> "'" + n + "'").toList()) + "?";
                return "'" + word + "' is not a " + command + " command" + suggestion + " (see: " + command
                        + " --help)";
            }
        }
        return e.getMessage() + " (see: " + command + " --help)";
    }

    /** Levenshtein distance: insertions, deletions and substitutions. */
    static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitute = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitute, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
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
