package dev.wreg.cli.grant;

import dev.wreg.cli.CliException;
import dev.wreg.cli.PackageRef;
import dev.wreg.cli.publish.RecordEntries;
import dev.wreg.cli.publish.SigningCommand;
import dev.wreg.protocol.ProtocolException;
import dev.wreg.protocol.crypto.KeyId;
import dev.wreg.protocol.name.PackageName;
import dev.wreg.protocol.record.Entry;
import dev.wreg.protocol.record.Permission;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code wreg revoke KEYID… --package P}: takes permissions away from keys (all by default). */
@Command(
        name = "revoke",
        description = "Take permissions on a package away from keys (needs the grant permission).",
        mixinStandardHelpOptions = true)
public final class RevokeCommand extends SigningCommand {

    @Parameters(arity = "1..*", paramLabel = "KEYID", description = "Key IDs (sha256:…), as `wreg info` lists them.")
    List<String> keyIds;

    @Option(names = "--package", required = true, paramLabel = "NS:NAME")
    String packageName;

    @Option(
            names = "--permissions",
            split = ",",
            paramLabel = "PERMISSION",
            description = "Comma-separated: release, yank, grant (default: all; a key without any signs nothing more).")
    List<String> permissions;

    @Override
    protected void execute() {
        PackageName name = PackageRef.parseName(packageName);
        Set<Permission> revoked =
                permissions == null ? EnumSet.allOf(Permission.class) : Permissions.parse(permissions);
        List<Entry> entries = keyIds.stream()
                .map(RevokeCommand::parseKeyId)
                .map(id -> RecordEntries.revoke(id, revoked))
                .toList();
        writeRecord(name, pkg -> entries, "revoked " + keyIds.size() + " key(s) on " + name);
    }

    private static KeyId parseKeyId(String text) {
        try {
            return KeyId.parse(text);
        } catch (ProtocolException e) {
            throw CliException.usage("'" + text + "' is not a key ID (sha256:<64 hex>): " + e.getMessage());
        }
    }
}
