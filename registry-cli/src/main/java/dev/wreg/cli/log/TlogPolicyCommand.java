package dev.wreg.cli.log;

import dev.wreg.cli.CliException;
import dev.wreg.cli.RegistryCommand;
import dev.wreg.cli.config.SecureFiles;
import dev.wreg.protocol.log.TlogPolicy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code wreg log policy set FILE | show | clear}: pins a c2sp.org/tlog-policy for a registry, so
 * that every later command requires its witness quorum and fresh cosignatures without
 * {@code --log-policy}.
 */
@Command(
        name = "policy",
        description = "Pin, show or clear the witness policy (c2sp.org/tlog-policy) checkpoints must meet.",
        mixinStandardHelpOptions = true,
        subcommands = {TlogPolicyCommand.Set.class, TlogPolicyCommand.Show.class, TlogPolicyCommand.Clear.class})
public final class TlogPolicyCommand implements Runnable {

    @Override
    public void run() {
        throw CliException.usage("name a subcommand: wreg log policy set FILE | show | clear");
    }

    private abstract static class TlogPolicyFileCommand extends RegistryCommand {
        Path pinned() {
            return LogTrust.policyFile(locations().stateDir(), registryOptions.address(env()));
        }
    }

    /** Validates the policy and pins it (canonical form) for the registry. */
    @Command(name = "set", description = "Pin the policy in FILE for the registry.", mixinStandardHelpOptions = true)
    public static final class Set extends TlogPolicyFileCommand {
        @Parameters(paramLabel = "FILE")
        String file;

        @Override
        protected void execute() {
            TlogPolicy policy = WitnessQuorum.read(env().resolve(file));
            Path target = pinned();
            SecureFiles.writePrivate(target, policy.toBytes());
            println("pinned the log policy (quorum " + policy.quorum() + ", "
                    + policy.witnesses().size() + " witnesses) for " + registryOptions.address(env()) + " in "
                    + target);
        }
    }

    /** Prints the pinned policy. */
    @Command(name = "show", description = "Print the pinned policy.", mixinStandardHelpOptions = true)
    public static final class Show extends TlogPolicyFileCommand {
        @Override
        protected void execute() {
            Path target = pinned();
            if (!Files.exists(target)) {
                throw CliException.notFound("no log policy is pinned for " + registryOptions.address(env()));
            }
            try {
                env().out().print(Files.readString(target, StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + target, e);
            }
        }
    }

    /** Removes the pinned policy: checkpoints then need no cosignatures again. */
    @Command(name = "clear", description = "Remove the pinned policy.", mixinStandardHelpOptions = true)
    public static final class Clear extends TlogPolicyFileCommand {
        @Override
        protected void execute() {
            try {
                boolean removed = Files.deleteIfExists(pinned());
                println(
                        removed
                                ? "removed the log policy of " + registryOptions.address(env())
                                : "no log policy was pinned for " + registryOptions.address(env()));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot remove " + pinned(), e);
            }
        }
    }
}
