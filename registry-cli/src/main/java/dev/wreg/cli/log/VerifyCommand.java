package dev.wreg.cli.log;

import dev.wreg.cli.CliException;
import dev.wreg.cli.PackageRef;
import dev.wreg.cli.RegistryCommand;
import dev.wreg.cli.client.RegistryClient;
import dev.wreg.cli.verify.VerifiedPackage;
import dev.wreg.protocol.log.Checkpoint;
import dev.wreg.protocol.name.PackageName;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code wreg verify}: re-derives the registry's whole transparency log from its tiles; {@code
 * wreg verify ns:name}: checks one package's history (signatures, chain, permissions, and every
 * record's inclusion in the log).
 */
@Command(
        name = "verify",
        description = "Re-derive and check the registry's whole transparency log, or one package's history.",
        mixinStandardHelpOptions = true)
public final class VerifyCommand extends RegistryCommand {

    @Parameters(paramLabel = "NS:NAME", arity = "0..1")
    String target;

    @Override
    protected void execute() {
        RegistryClient client = client();
        if (target == null) {
            Checkpoint checkpoint = logTrust(client).checkpoint().checkpoint();
            LogAudit.Report report = LogAudit.audit(client, checkpoint);
            println("log " + checkpoint.origin() + ": " + report.entries() + " entries, " + report.bundles()
                    + " entry bundles and " + report.tiles() + " tiles re-derived; root matches the checkpoint"
                    + " (verified)");
            return;
        }
        PackageName name = PackageRef.parseName(target);
        VerifiedPackage pkg = verifier(client).verify(name);
        if (!pkg.exists()) {
            throw CliException.notFound("package " + name + " not found on " + client.registry());
        }
        println(name + ": " + pkg.state().recordCount() + " records, each signed, chained, permitted and"
                + " included in the log (verified)");
    }
}
