package dev.wreg.cli.deps;

import dev.wreg.cli.CommandBase;
import dev.wreg.cli.ExitCode;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** {@code wreg deps}: the dependencies wreg.lock pins. */
@Command(
        name = "deps",
        mixinStandardHelpOptions = true,
        description = "Work with the dependencies wreg.lock pins.",
        subcommands = {DepsCommand.Fetch.class})
public final class DepsCommand extends CommandBase {

    @Override
    protected void execute() {
        spec.commandLine().usage(env().err());
        exitStatus(ExitCode.USAGE);
    }

    /**
     * {@code wreg deps fetch}: every release the lock pins, verified as {@code wreg fetch} verifies
     * it, into the cache; then their WIT packages into {@code <wit>/deps/}. Nothing is written to
     * {@code deps/} unless every release verified.
     */
    @Command(
            name = "fetch",
            mixinStandardHelpOptions = true,
            description = {
                "Download what wreg.lock pins (verified like wreg fetch) into the cache and write the WIT",
                "packages they use into <wit>/deps/ (wit/deps/ by default), as wkg fetch does.",
                "Without --locked a missing or stale lock is brought up to date first."
            })
    public static final class Fetch extends ManifestCommand {

        @Override
        protected boolean installs() {
            return true;
        }

        @Override
        protected void execute() {
            Outcome outcome = resolve(DependencyResolver.Update.NONE);
            Path witDir =
                    outcome.manifestFile().resolveSibling(outcome.manifest().witDir());
            List<ResolvedRelease> releases = outcome.resolution().releases();
            List<String> written = WitDeps.write(witDir, releases);
            if (json) {
                ObjectNode node = JSON.createObjectNode();
                node.put("lock", outcome.lockFile().toString());
                node.put("lockChanged", outcome.changed());
                ArrayNode fetched = node.putArray("releases");
                for (ResolvedRelease r : releases) {
                    fetched.addObject()
                            .put("package", r.name().toString())
                            .put("version", r.version().toString())
                            .put("digest", r.digest().toString())
                            .put("size", r.size())
                            .put("logIndex", r.logIndex())
                            .put("checkpointSize", r.checkpointSize())
                            .put("cached", r.blob().toString());
                }
                node.put("witDeps", witDir.resolve("deps").toString());
                ArrayNode packages = node.putArray("witPackages");
                written.forEach(packages::add);
                printJson(node);
                return;
            }
            if (outcome.changed()) {
                println("updated " + outcome.lockFile());
            }
            for (ResolvedRelease r : releases) {
                println("fetched " + r.label() + " " + r.digest() + " (" + r.size() + " bytes, verified"
                        + (offline ? " earlier, from the cache" : "") + ")");
            }
            println("wrote " + written.size() + " WIT package" + (written.size() == 1 ? "" : "s") + " to "
                    + witDir.resolve("deps") + (written.isEmpty() ? "" : ": " + String.join(", ", written)));
        }
    }
}
