package dev.wreg.cli.yank;

import dev.wreg.cli.PackageRef;
import dev.wreg.cli.publish.RecordEntries;
import dev.wreg.cli.publish.SigningCommand;
import dev.wreg.protocol.version.Version;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code wreg unyank ns:name@V}: undoes a yank. */
@Command(name = "unyank", description = "Undo a yank.", mixinStandardHelpOptions = true)
public final class UnyankCommand extends SigningCommand {

    @Parameters(paramLabel = "NS:NAME@VERSION")
    String target;

    @Override
    protected void execute() {
        PackageRef ref = PackageRef.parse(target);
        Version version = ref.exactVersion();
        writeRecord(
                ref.name(), pkg -> List.of(RecordEntries.unyank(version)), "unyanked " + ref.name() + "@" + version);
    }
}
