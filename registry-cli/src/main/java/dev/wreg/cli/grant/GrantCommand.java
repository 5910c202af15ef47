package dev.wreg.cli.grant;

import dev.wreg.cli.CliException;
import dev.wreg.cli.PackageRef;
import dev.wreg.cli.publish.RecordEntries;
import dev.wreg.cli.publish.SigningCommand;
import dev.wreg.protocol.ProtocolException;
import dev.wreg.protocol.crypto.PublicKey;
import dev.wreg.protocol.name.PackageName;
import dev.wreg.protocol.record.Permission;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code wreg grant KEY --package P --permissions release,yank}: lets another key act on P. */
@Command(
        name = "grant",
        description = "Give a key permissions on a package (needs the grant permission).",
        mixinStandardHelpOptions = true)
public final class GrantCommand extends SigningCommand {

    @Parameters(
            paramLabel = "KEY",
            description = "A public key (ed25519:… or ecdsa-p256:…) or the name of a local key.")
    String key;

    @Option(names = "--package", required = true, paramLabel = "NS:NAME")
    String packageName;

    @Option(
            names = "--permissions",
            required = true,
            split = ",",
            paramLabel = "PERMISSION",
            description = "Comma-separated: release, yank, grant.")
    List<String> permissions;

    @Override
    protected void execute() {
        PackageName name = PackageRef.parseName(packageName);
        PublicKey grantee = resolveKey(key);
        Set<Permission> granted = Permissions.parse(permissions);
        writeRecord(
                name,
                pkg -> List.of(RecordEntries.grant(grantee, granted)),
                "granted " + granted.stream().map(p -> p.name().toLowerCase()).toList() + " on " + name + " to "
                        + grantee.keyId().value());
    }

    private PublicKey resolveKey(String text) {
        if (text.contains(":")) {
            try {
                return PublicKey.parse(text);
            } catch (ProtocolException e) {
                throw CliException.usage("'" + text + "' is not a public key: " + e.getMessage());
            }
        }
        return keyStore().load(text).publicKey();
    }
}
