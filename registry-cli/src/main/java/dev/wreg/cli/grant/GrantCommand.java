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
        description = "Give a key permissions on a package (needs the grant permission; on a package that does"
                + " not exist yet, a namespace owner's key creates it first).",
        mixinStandardHelpOptions = true)
public final class GrantCommand extends SigningCommand {

    @Parameters(
            paramLabel = "KEY",
            description = "A public key (ed25519:… or ecdsa-p256:…), the name of a local key, or '"
                    + REGISTRY_KEY + "': the key the registry signs releases with for compositions and OCI pushes"
                    + " (wkg publish).")
    String key;

    /** The KEY that names the registry's own release-signing key. */
    static final String REGISTRY_KEY = "registry";

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
        // Granting on a package that does not exist yet creates it, owned by the signing key: how
        // a namespace owner prepares a package for its first release pushed with wkg.
        writeRecord(
                name,
                pkg -> pkg.exists()
                        ? List.of(RecordEntries.grant(grantee, granted))
                        : List.of(RecordEntries.init(signingKey().publicKey()), RecordEntries.grant(grantee, granted)),
                "granted " + granted.stream().map(p -> p.name().toLowerCase()).toList() + " on " + name + " to "
                        + grantee.keyId().value());
    }

    private PublicKey resolveKey(String text) {
        if (text.equals(REGISTRY_KEY)) {
            return client().registryReleaseKey()
                    .orElseThrow(() -> CliException.notFound(
                            "this registry has no key of its own for signing releases (compositions, OCI pushes)"));
        }
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
