package dev.wreg.cli.shell;

import dev.wreg.cli.CommandBase;
import dev.wreg.cli.WregCommand;
import picocli.CommandLine.Command;

/** {@code wreg version}: the same line as {@code wreg --version}, as cargo and npm users type it. */
@Command(name = "version", description = "Print wreg's version.", mixinStandardHelpOptions = true)
public final class VersionCommand extends CommandBase {

    @Override
    protected void execute() {
        println(WregCommand.VERSION);
    }
}
