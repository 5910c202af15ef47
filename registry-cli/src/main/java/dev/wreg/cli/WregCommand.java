package dev.wreg.cli;

import dev.wreg.cli.fetch.FetchCommand;
import dev.wreg.cli.fetch.InfoCommand;
import dev.wreg.cli.grant.GrantCommand;
import dev.wreg.cli.grant.RevokeCommand;
import dev.wreg.cli.keys.KeyCommand;
import dev.wreg.cli.login.LoginCommand;
import dev.wreg.cli.login.LogoutCommand;
import dev.wreg.cli.namespace.NamespaceCommand;
import dev.wreg.cli.publish.PublishCommand;
import dev.wreg.cli.yank.DeprecateCommand;
import dev.wreg.cli.yank.UnyankCommand;
import dev.wreg.cli.yank.YankCommand;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The root {@code wreg} command: holds the environment and lists the subcommands. */
@Command(
        name = "wreg",
        mixinStandardHelpOptions = true,
        version = WregCommand.VERSION,
        description = "Publish, fetch and verify signed WebAssembly components.",
        // The others are added by Wreg.run, built fully only when an invocation names them
        // (SUBCOMMANDS).
        subcommands = {HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:ok",
            "1:unexpected failure",
            "2:usage error or invalid input",
            "3:not found",
            "4:authentication or permission refused",
            "5:conflict (version or name taken, log moved on)",
            "6:integrity failure (signature, chain, digest)",
            "7:registry unavailable"
        })
public final class WregCommand implements Runnable {

    /** The subcommands after {@code help}, in the order {@code wreg --help} lists them. */
    static final List<Class<?>> SUBCOMMANDS = List.of(
            dev.wreg.cli.shell.VersionCommand.class,
            dev.wreg.cli.shell.CompletionCommand.class,
            KeyCommand.class,
            LoginCommand.class,
            LogoutCommand.class,
            dev.wreg.cli.login.WhoamiCommand.class,
            dev.wreg.cli.token.TokenCommand.class,
            NamespaceCommand.class,
            PublishCommand.class,
            FetchCommand.class,
            InfoCommand.class,
            YankCommand.class,
            UnyankCommand.class,
            DeprecateCommand.class,
            GrantCommand.class,
            RevokeCommand.class,
            dev.wreg.cli.log.LogCommand.class,
            dev.wreg.cli.verify.VerifyCommand.class,
            dev.wreg.cli.compose.ComposeCommand.class,
            dev.wreg.cli.wit.WitCommand.class,
            dev.wreg.cli.validate.ValidateCommand.class,
            dev.wreg.cli.semver.SemverCommand.class,
            dev.wreg.cli.run.RunCommand.class,
            dev.wreg.cli.search.SearchCommand.class,
            dev.wreg.cli.deps.LockCommand.class,
            dev.wreg.cli.deps.DepsCommand.class);

    public static final String VERSION = "wreg 0.1.0";

    private final CliEnvironment environment;
    /** Notes shown only when the command succeeds, so a failure stays one line on stderr. */
    private final List<String> notesOnSuccess = new ArrayList<>();

    @Spec
    private CommandSpec spec;

    public WregCommand(CliEnvironment environment) {
        this.environment = environment;
    }

    public CliEnvironment environment() {
        return environment;
    }

    public void noteOnSuccess(String note) {
        notesOnSuccess.add(note);
    }

    List<String> notesOnSuccess() {
        return List.copyOf(notesOnSuccess);
    }

    @Override
    public void run() {
        spec.commandLine().usage(environment.out());
    }
}
