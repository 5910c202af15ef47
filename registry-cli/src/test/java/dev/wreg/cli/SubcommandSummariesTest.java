package dev.wreg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help.Ansi;

/**
 * {@code wreg --help} is rendered from summaries of the subcommands it does not run (their full
 * picocli model costs most of the start-up): it must read exactly as when every subcommand is
 * built, and the subcommand an invocation names must be the real one.
 */
class SubcommandSummariesTest {

    @TempDir
    Path home;

    private CommandLine root(String... args) {
        CliEnvironment env = new CliEnvironment(
                Map.of("HOME", home.toString()),
                new ByteArrayInputStream(new byte[0]),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                home,
                false);
        CommandLine commandLine = new CommandLine(new WregCommand(env));
        Wreg.addSubcommands(commandLine, args);
        return commandLine;
    }

    @Test
    void rootHelpFromSummariesReadsAsFromTheFullModel() {
        // "completion" makes every subcommand real (its scripts list every option).
        String full = root("completion").getUsageMessage(Ansi.OFF);
        String summarised = root("--help").getUsageMessage(Ansi.OFF);

        assertThat(summarised).isEqualTo(full);
        for (Class<?> type : WregCommand.SUBCOMMANDS) {
            Command command = type.getAnnotation(Command.class);
            assertThat(summarised).contains("  " + command.name() + " ");
        }
    }

    @Test
    void onlyTheNamedSubcommandIsBuiltFully() {
        CommandLine commandLine = root("publish", "x.wasm");

        assertThat(commandLine.getSubcommands().get("publish").getCommandSpec().userObject())
                .isInstanceOf(dev.wreg.cli.publish.PublishCommand.class);
        assertThat(commandLine.getSubcommands().get("publish").getCommandSpec().options())
                .isNotEmpty();
        assertThat(commandLine.getSubcommands().get("fetch").getCommandSpec().userObject())
                .as("a summary carries no command object")
                .isNull();
        assertThat(commandLine.getSubcommands()).hasSize(WregCommand.SUBCOMMANDS.size() + 1);
    }

    @Test
    void everySubcommandsOwnHelpComesFromItsFullModel() {
        CliHarness cli = new CliHarness(home);
        for (Class<?> type : WregCommand.SUBCOMMANDS) {
            String name = type.getAnnotation(Command.class).name();
            CliHarness.Result viaFlag = cli.run(name, "--help");
            CliHarness.Result viaHelp = cli.run("help", name);

            assertThat(viaFlag.exitCode()).as(name).isZero();
            assertThat(viaFlag.stdout()).as(name).startsWith("Usage: wreg " + name);
            assertThat(viaHelp.stdout()).as(name).isEqualTo(viaFlag.stdout());
        }
    }
}
