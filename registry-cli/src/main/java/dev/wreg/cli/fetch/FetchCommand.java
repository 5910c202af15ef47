package dev.wreg.cli.fetch;

import dev.wreg.cli.CliException;
import dev.wreg.cli.PackageRef;
import dev.wreg.cli.RegistryCommand;
import dev.wreg.cli.client.RegistryClient;
import dev.wreg.cli.client.TransferListener;
import dev.wreg.cli.verify.VerifiedPackage;
import dev.wreg.protocol.record.ReleaseInfo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code wreg fetch ns:name[@version|@requirement] [-o FILE]}: verifies the package's records,
 * resolves the version, downloads the blob and checks it against the signed digest and size.
 */
@Command(
        name = "fetch",
        description = "Download a release, verified against its signed record.",
        mixinStandardHelpOptions = true)
public final class FetchCommand extends RegistryCommand {

    @Parameters(paramLabel = "NS:NAME[@VERSION|@REQUIREMENT]")
    String target;

    @Option(
            names = {"-o", "--output"},
            paramLabel = "FILE",
            description = "Where to write the component ('-' for stdout; default: ./<ns>_<name>@<version>.wasm).")
    String output;

    @Option(names = "--json", description = "Print what was fetched as JSON.")
    boolean json;

    @Override
    protected boolean installs() {
        return true;
    }

    @Override
    protected void execute() {
        PackageRef ref = PackageRef.parse(target);
        if (json && "-".equals(output)) {
            throw CliException.usage("--json and -o - both want stdout; choose one");
        }
        VersionSelection selection = VersionSelection.parse(ref.versionText());
        RegistryClient client = client();
        VerifiedPackage pkg = verifierKeepingRecords(client).verify(ref.name());
        if (!pkg.exists()) {
            throw CliException.notFound("package " + ref.name() + " not found on " + client.registry());
        }
        ReleaseInfo release = selection.select(ref.name(), pkg.state());
        if (release.yanked()) {
            note("wreg: warning: " + ref.name() + "@" + release.version() + " is yanked"
                    + (release.yankReason() == null || release.yankReason().isEmpty()
                            ? ""
                            : ": " + release.yankReason()));
        }
        if (release.deprecated() != null) {
            note("wreg: warning: " + ref.name() + "@" + release.version() + " is deprecated: " + release.deprecated());
        }
        // A bar on a terminal only: piped or logged stderr stays free of carriage returns.
        TransferListener progress = env().terminal()
                ? new dev.wreg.cli.publish.ProgressBar(env().err(), "downloading")
                : TransferListener.NONE;
        Path blob = new BlobCache(locations().cacheDir(), env().err())
                .get(release.content(), release.size(), client, progress);

        String written;
        if ("-".equals(output)) {
            copyToStdout(blob);
            written = "-";
        } else {
            Path target = output != null
                    ? env().resolve(output)
                    : env().resolve(ref.name().namespace() + "_" + ref.name().name() + "@" + release.version()
                            + ".wasm");
            copy(blob, target);
            written = target.toString();
        }
        if (json) {
            ObjectNode node = StateJson.release(release);
            node.put("package", ref.name().toString());
            node.put("path", written);
            node.put("cached", blob.toString());
            printJson(node);
        } else if (!"-".equals(output)) {
            println("fetched " + ref.name() + "@" + release.version() + " " + release.content() + " (" + release.size()
                    + " bytes, verified) -> " + written);
        }
    }

    private static void copy(Path blob, Path target) {
        try {
            Path parent = target.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            // Not Files.createTempFile: that makes the file 0600, and a fetched component should get
            // the permissions the user's umask gives any new file (as compose's output does).
            Path temp = parent.resolve("." + target.getFileName() + "." + java.util.UUID.randomUUID() + ".part");
            try {
                // Files.copy(blob, temp) would carry over the cache's 0600 mode; a new file gets the umask's.
                try (var out = Files.newOutputStream(temp, java.nio.file.StandardOpenOption.CREATE_NEW)) {
                    Files.copy(blob, out);
                }
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target, e);
        }
    }

    private void copyToStdout(Path blob) {
        try {
            Files.copy(blob, env().out());
            env().out().flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write to stdout", e);
        }
    }
}
