package dev.wreg.cli.shell;

import dev.wreg.cli.CommandBase;
import java.util.List;
import java.util.Locale;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Parameters;

/**
 * {@code wreg completion bash|zsh|fish}: a completion script on stdout. Bash and zsh get picocli's
 * generated script (zsh runs it through {@code bashcompinit}); fish gets {@code complete} lines
 * derived from the same command model, so all three know every command and option.
 */
@Command(
        name = "completion",
        description = "Print a shell completion script. bash: source <(wreg completion bash);"
                + " zsh: source <(wreg completion zsh); fish: wreg completion fish | source",
        mixinStandardHelpOptions = true)
public final class CompletionCommand extends CommandBase {

    /** The shells a script is generated for. */
    public enum Shell {
        BASH,
        ZSH,
        FISH
    }

    @Parameters(paramLabel = "SHELL", description = "bash, zsh or fish.")
    Shell shell;

    @Override
    protected void execute() {
        CommandLine root = spec.root().commandLine();
        switch (shell) {
            case BASH -> env().out().print(AutoComplete.bash("wreg", root));
            case ZSH ->
                env().out()
                        .print("autoload -U +X compinit && compinit\n"
                                + "autoload -U +X bashcompinit && bashcompinit\n"
                                + AutoComplete.bash("wreg", root));
            case FISH -> env().out().print(fish(root.getCommandSpec()));
        }
        env().out().flush();
    }

    /** One {@code complete} line per command and option, offered after the path that leads to it. */
    static String fish(CommandSpec root) {
        StringBuilder script = new StringBuilder("# wreg completion for fish: wreg completion fish | source\n");
        script.append("complete -c wreg -f\n");
        fishCommand(root, List.of(), script);
        return script.toString();
    }

    private static void fishCommand(CommandSpec spec, List<String> path, StringBuilder script) {
        String condition = path.isEmpty() ? "__fish_use_subcommand" : "__fish_seen_subcommand_from " + path.getLast();
        for (var entry : spec.subcommands().entrySet()) {
            CommandSpec sub = entry.getValue().getCommandSpec();
            if (!sub.name().equals(entry.getKey())) {
                continue; // an alias
            }
            script.append("complete -c wreg -n '")
                    .append(condition)
                    .append("' -a ")
                    .append(sub.name())
                    .append(" -d ")
                    .append(quoted(firstSentence(sub)))
                    .append('\n');
            List<String> subPath = new java.util.ArrayList<>(path);
            subPath.add(sub.name());
            fishCommand(sub, subPath, script);
        }
        String optionCondition =
                path.isEmpty() ? "__fish_use_subcommand" : "__fish_seen_subcommand_from " + path.getLast();
        for (OptionSpec option : spec.options()) {
            StringBuilder line = new StringBuilder("complete -c wreg -n '" + optionCondition + "'");
            for (String name : option.names()) {
                if (name.startsWith("--")) {
                    line.append(" -l ").append(name.substring(2));
                } else if (name.startsWith("-") && name.length() == 2) {
                    line.append(" -s ").append(name.substring(1));
                }
            }
            if (option.arity().max() > 0) {
                line.append(" -r");
                if (option.type().isEnum()) {
                    line.append(" -a ")
                            .append(quoted(String.join(
                                    " ",
                                    java.util.Arrays.stream(option.type().getEnumConstants())
                                            .map(c -> c.toString().toLowerCase(Locale.ROOT))
                                            .toList())));
                } else if (option.paramLabel().matches("(?i).*(FILE|DIR|PATH).*")) {
                    line.append(" -F");
                }
            }
            String[] description = option.description();
            if (description.length > 0) {
                line.append(" -d ").append(quoted(firstSentence(description[0])));
            }
            script.append(line).append('\n');
        }
    }

    private static String firstSentence(CommandSpec spec) {
        String[] description = spec.usageMessage().description();
        return description.length == 0 ? "" : firstSentence(description[0]);
    }

    private static String firstSentence(String text) {
        String plain = text.replaceAll("%n", " ").strip();
        int end = plain.indexOf(". ");
        String sentence = end < 0 ? plain : plain.substring(0, end);
        return sentence.endsWith(".") ? sentence.substring(0, sentence.length() - 1) : sentence;
    }

    private static String quoted(String text) {
        return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
}
