package dev.wreg.cli.deps;

import dev.wreg.cli.CliException;
import dev.wreg.protocol.name.PackageName;
import dev.wreg.protocol.version.VersionReq;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;

/**
 * Registry releases named by a composition ({@code wreg compose … --locked | --offline}), taken
 * from what wreg.lock pins instead of resolved afresh: the highest pinned release of the package
 * that meets the requirement, checked against the lock by the source (the registry, verified; or
 * the cache). A package the lock does not pin would change the lock: exit 5 with
 * {@code --locked}, a miss (exit 3) with {@code --offline}.
 */
public final class LockedReleases {

    private final LockFile lock;
    private final ReleaseSource source;
    private final boolean offline;

    private LockedReleases(LockFile lock, ReleaseSource source, boolean offline) {
        this.lock = lock;
        this.source = source;
        this.offline = offline;
    }

    /** Reads {@code lockFile}; a missing lock is exit 5 ({@code --locked}) or 3 ({@code --offline}). */
    public static LockedReleases open(Path lockFile, ReleaseSource source, boolean offline) {
        Optional<LockFile> lock = LockFile.read(lockFile);
        if (lock.isEmpty()) {
            String message = "no " + lockFile + "; " + (offline ? "--offline" : "--locked")
                    + " takes registry packages only from it (run wreg lock)";
            throw offline ? CliException.notFound(message) : CliException.conflict(message);
        }
        return new LockedReleases(lock.get(), source, offline);
    }

    /**
     * The pinned release of {@code name} meeting {@code requirement} (null: any).
     *
     * @param why what names it, for messages
     */
    public ResolvedRelease resolve(PackageName name, VersionReq requirement, String why) {
        Optional<LockFile.Entry> pinned = lock.entries().stream()
                .filter(e -> e.name().equals(name))
                .filter(e ->
                        requirement == null || requirement.matches(e.locked().version()))
                .max(Comparator.comparing(e -> e.locked().version()));
        if (pinned.isEmpty()) {
            String message = "wreg.lock pins no release of " + name
                    + (requirement == null ? "" : " matching " + requirement) + " (" + why + "); "
                    + (offline ? "--offline cannot ask the registry" : "--locked forbids changing the lock")
                    + " (add it to wreg.toml and run wreg lock)";
            throw offline ? CliException.notFound(message) : CliException.conflict(message);
        }
        return source.release(
                name, pinned.get().locked().version(), pinned.get().locked());
    }
}
