package dev.wreg.cli;

import dev.wreg.cli.config.ConfigLocations;
import dev.wreg.cli.keys.LocalKeyStore;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** What every {@code wreg} subcommand needs: the environment, file locations and output. */
public abstract class CommandBase implements Callable<Integer>, JsonOutput {

    @Spec
    protected CommandSpec spec;

    private int exitStatus = ExitCode.OK;

    @Override
    public final Integer call() {
        execute();
        return exitStatus;
    }

    /** For commands whose exit status is not theirs to choose, such as a guest program's. */
    protected void exitStatus(int status) {
        this.exitStatus = status;
    }

    /** Does the work; failures are thrown as {@link CliException}. */
    protected abstract void execute();

    protected CliEnvironment env() {
        return ((WregCommand) spec.root().userObject()).environment();
    }

    protected ConfigLocations locations() {
        return ConfigLocations.of(env());
    }

    protected LocalKeyStore keyStore() {
        return new LocalKeyStore(locations().keysDir(), env().err());
    }

    protected void println(String line) {
        env().out().println(line);
    }

    /** A JSON tree or a wire record, pretty-printed on stdout. */
    protected void printJson(Object value) {
        env().out().println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(value));
    }

    /** Progress and notes for a person: stderr, so stdout stays data. */
    protected void note(String line) {
        env().err().println(line);
    }
}
