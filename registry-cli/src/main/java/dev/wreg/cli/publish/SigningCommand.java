package dev.wreg.cli.publish;

import dev.wreg.cli.RegistryCommand;
import dev.wreg.cli.client.RegistryClient;
import dev.wreg.cli.keys.LocalKey;
import dev.wreg.cli.verify.VerifiedPackage;
import dev.wreg.protocol.api.PublishResponse;
import dev.wreg.protocol.name.PackageName;
import dev.wreg.protocol.record.Entry;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Function;
import picocli.CommandLine.Option;

/** A command that signs a package record with a local key and submits it. */
public abstract class SigningCommand extends RegistryCommand {

    @Option(names = "--key", paramLabel = "NAME", description = "Signing key (default: the default key).")
    protected String keyName;

    @Option(names = "--dry-run", description = "Build, sign and check the record locally; send nothing.")
    protected boolean dryRun;

    protected LocalKey signingKey() {
        return keyStore().select(keyName);
    }

    /**
     * Verifies the package, builds entries from its state, checks and (unless dry-run) submits the
     * signed record. Returns the registry's answer, or null on a dry run.
     */
    protected PublishResponse writeRecord(
            PackageName name, Function<VerifiedPackage, List<Entry>> entries, String what) {
        LocalKey key = signingKey();
        RegistryClient client = client();
        VerifiedPackage pkg = verifier(client).verify(name);
        RecordWriter writer = new RecordWriter(client, logTrust(client));
        RecordWriter.Prepared prepared = writer.prepare(pkg, key, entries.apply(pkg));
        if (dryRun) {
            note("wreg: dry run: " + what + " checks out; record "
                    + prepared.record().id() + " not sent");
            println(new String(prepared.record().envelope().payload(), StandardCharsets.UTF_8));
            return null;
        }
        PublishResponse answer = writer.submit(prepared);
        note("wreg: " + what + " (record " + prepared.record().id() + ")");
        return answer;
    }
}
