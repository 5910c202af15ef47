package dev.wreg.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code wreg} command-line client. */
@Command(
        name = "wreg",
        mixinStandardHelpOptions = true,
        version = "wreg 0.1.0",
        subcommands = {
            dev.wreg.cli.wit.WitCommand.class,
            dev.wreg.cli.validate.ValidateCommand.class,
            dev.wreg.cli.semver.SemverCommand.class,
        },
        description = "Publish, fetch, verify, compose and run WebAssembly components.")
public final class Main implements Runnable {

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new Main()).execute(args));
    }
}
