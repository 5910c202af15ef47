package dev.wreg.cli.deps;

import dev.wreg.cli.CliException;
import dev.wreg.cli.RegistryCommand;
import dev.wreg.protocol.ProtocolException;
import dev.wreg.protocol.name.PackageName;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import picocli.CommandLine.Option;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What {@code wreg lock} and {@code wreg deps fetch} share: the manifest and lock next to it,
 * {@code --locked} (exit 5 when the lock is missing or would change), {@code --offline} (the lock
 * and the cache only; a miss exits 3) and the resolution itself.
 */
public abstract class ManifestCommand extends RegistryCommand {

    @Option(
            names = "--manifest",
            paramLabel = "FILE",
            description = "The project manifest (default: wreg.toml); wreg.lock is written next to it.")
    String manifestPath = Manifest.FILE_NAME;

    @Option(
            names = "--locked",
            description = "Use wreg.lock as it is: exit 5 if it is missing or resolving would change it.")
    boolean locked;

    @Option(
            names = "--offline",
            description = "Never contact the registry: only what wreg.lock pins, from the cache (a miss exits 3).")
    boolean offline;

    @Option(names = "--json", description = "Print the outcome as JSON.")
    boolean json;

    /** The resolution and what happened to the lock. */
    protected record Outcome(
            Manifest manifest,
            Path manifestFile,
            Path lockFile,
            DependencyResolver.Resolution resolution,
            boolean changed) {}

    /** Resolves the manifest; writes the lock when it changed (never with {@code --locked}). */
    protected Outcome resolve(DependencyResolver.Update update) {
        Path manifestFile = env().resolve(manifestPath);
        Manifest manifest = Manifest.read(manifestFile);
        Path lockFile = manifestFile.resolveSibling(LockFile.FILE_NAME);
        Optional<LockFile> before = LockFile.read(lockFile);
        if (locked && before.isEmpty()) {
            throw CliException.conflict("no " + LockFile.FILE_NAME + " next to " + manifestFile
                    + "; --locked forbids creating one (run wreg lock)");
        }
        if (locked && (update.all() || !update.packages().isEmpty())) {
            throw CliException.usage("--locked and --update contradict each other");
        }
        if (offline && (update.all() || !update.packages().isEmpty())) {
            throw CliException.usage("--update needs the registry; it cannot be combined with --offline");
        }
        ReleaseSource source = releaseSource(offline);
        String registry = offline ? null : registryOptions.address(env()).toString();
        DependencyResolver.Resolution resolution =
                new DependencyResolver(manifest, before.orElse(LockFile.empty()), update, source, registry).resolve();
        boolean changed = before.isEmpty() || !before.get().equals(resolution.lock());
        if (changed && locked) {
            throw CliException.conflict(
                    LockFile.FILE_NAME + " is out of date (" + LockDiff.describe(before.get(), resolution.lock())
                            + "); --locked forbids changing it (run wreg lock)");
        }
        if (changed) {
            resolution.lock().write(lockFile);
        }
        return new Outcome(manifest, manifestFile, lockFile, resolution, changed);
    }

    /** {@code --update [PKG]}: no option → keep the lock; bare → update all; names → update those. */
    protected static DependencyResolver.Update update(List<String> names) {
        if (names == null || names.isEmpty()) {
            return DependencyResolver.Update.NONE;
        }
        Set<PackageName> packages = new HashSet<>();
        for (String name : names) {
            if (name.equals("*")) {
                return new DependencyResolver.Update(true, Set.of());
            }
            try {
                packages.add(PackageName.parse(name));
            } catch (ProtocolException e) {
                throw CliException.usage("--update " + name + ": " + e.getMessage());
            }
        }
        return new DependencyResolver.Update(false, packages);
    }

    /** One locked release per line: {@code ns:name requirement = version digest}. */
    protected void printLock(LockFile lock) {
        for (LockFile.Entry e : lock.entries()) {
            LockFile.LockedVersion v = e.locked();
            println("  " + e.name() + " " + v.requirement()
                    + (v.provides() == null ? "" : " (provides " + v.provides() + ")") + " = " + v.version() + " "
                    + v.digest() + " (log index " + v.logIndex() + ")");
        }
    }

    protected static ArrayNode lockJson(ObjectNode parent, LockFile lock) {
        ArrayNode packages = parent.putArray("packages");
        for (LockFile.Entry e : lock.entries()) {
            LockFile.LockedVersion v = e.locked();
            ObjectNode node = packages.addObject();
            node.put("package", e.name().toString());
            node.put("registry", e.registry());
            node.put("requirement", v.requirement());
            node.put("provides", v.provides());
            node.put("version", v.version().toString());
            node.put("digest", v.digest().toString());
            node.put("size", v.size());
            node.put("logIndex", v.logIndex());
            node.put("checkpointSize", v.checkpointSize());
        }
        return packages;
    }

    static List<String> lines(LockFile lock) {
        List<String> out = new ArrayList<>();
        for (LockFile.Entry e : lock.entries()) {
            out.add(e.name() + " " + e.locked().requirement()
                    + (e.locked().provides() == null ? "" : " for " + e.locked().provides()) + " → "
                    + e.locked().version());
        }
        return out;
    }
}
