package dev.wreg.cli.yank;

import dev.wreg.cli.PackageRef;
import dev.wreg.cli.publish.RecordEntries;
import dev.wreg.cli.publish.SigningCommand;
import dev.wreg.protocol.version.Version;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code wreg deprecate ns:name@V --message M}: a warning shown to everyone who fetches it. */
@Command(name = "deprecate", description = "Mark a release deprecated with a message.", mixinStandardHelpOptions = true)
public final class DeprecateCommand extends SigningCommand {

    @Parameters(paramLabel = "NS:NAME@VERSION")
    String target;

    @Option(names = "--message", required = true, description = "What users should do instead.")
    String message;

    @Override
    protected void execute() {
        PackageRef ref = PackageRef.parse(target);
        Version version = ref.exactVersion();
        writeRecord(
                ref.name(),
                pkg -> List.of(RecordEntries.deprecate(version, message)),
                "deprecated " + ref.name() + "@" + version);
    }
}
