package dev.wreg.cli.log;

import dev.wreg.cli.CliException;
import dev.wreg.cli.RegistryCommand;
import dev.wreg.cli.client.RegistryClient;
import dev.wreg.protocol.log.Checkpoint;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code wreg log checkpoint|proof}: the registry's transparency log, verified. */
@Command(
        name = "log",
        description = "Show the registry's transparency log checkpoint or an inclusion proof, verified.",
        mixinStandardHelpOptions = true,
        subcommands = {LogCommand.CheckpointCommand.class, LogCommand.ProofCommand.class, TlogPolicyCommand.class})
public final class LogCommand implements Runnable {

    @Override
    public void run() {
        throw CliException.usage("name a subcommand: wreg log checkpoint | wreg log proof INDEX | wreg log policy");
    }

    /** Prints the latest checkpoint once it verified against the pinned key and the stored one. */
    @Command(
            name = "checkpoint",
            description = "Print the log's latest checkpoint after verifying it (signature, append-only).",
            mixinStandardHelpOptions = true)
    public static final class CheckpointCommand extends RegistryCommand {
        @Override
        protected void execute() {
            RegistryClient client = client();
            byte[] note = logTrust(client).checkpoint().noteBytes();
            print(new String(note, StandardCharsets.UTF_8));
        }

        private void print(String text) {
            println(text.endsWith("\n") ? text.substring(0, text.length() - 1) : text);
        }
    }

    /** Prints a verified c2sp.org/tlog-proof@v1 of an entry under the verified checkpoint. */
    @Command(
            name = "proof",
            description = "Print the inclusion proof (c2sp.org/tlog-proof@v1) of log entry INDEX, verified.",
            mixinStandardHelpOptions = true)
    public static final class ProofCommand extends RegistryCommand {
        @Parameters(paramLabel = "INDEX")
        long index;

        @Override
        protected void execute() {
            RegistryClient client = client();
            LogTrust trust = logTrust(client);
            Checkpoint checkpoint = trust.checkpoint().checkpoint();
            if (index < 0 || index >= checkpoint.size()) {
                throw CliException.notFound("the log has " + checkpoint.size() + " entries; no entry " + index);
            }
            byte[] entry = LogAudit.entry(client, index, checkpoint.size());
            byte[] proof = trust.verifyIncluded(entry, index, "log entry " + index);
            String text = new String(proof, StandardCharsets.UTF_8);
            println(text.endsWith("\n") ? text.substring(0, text.length() - 1) : text);
        }
    }
}
