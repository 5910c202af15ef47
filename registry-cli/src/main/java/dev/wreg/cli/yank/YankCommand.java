package dev.wreg.cli.yank;

import dev.wreg.cli.PackageRef;
import dev.wreg.cli.publish.RecordEntries;
import dev.wreg.cli.publish.SigningCommand;
import dev.wreg.protocol.version.Version;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code wreg yank ns:name@V}: marks a release as not to be chosen by requirements any more. */
@Command(
        name = "yank",
        description = "Yank a release: requirements stop matching it; exact fetches still work.",
        mixinStandardHelpOptions = true)
public final class YankCommand extends SigningCommand {

    @Parameters(paramLabel = "NS:NAME@VERSION")
    String target;

    @Option(names = "--reason", description = "Why (shown to users who fetch it).", defaultValue = "")
    String reason;

    @Override
    protected void execute() {
        PackageRef ref = PackageRef.parse(target);
        Version version = ref.exactVersion();
        writeRecord(
                ref.name(),
                pkg -> List.of(RecordEntries.yank(version, reason)),
                "yanked " + ref.name() + "@" + version);
    }
}
