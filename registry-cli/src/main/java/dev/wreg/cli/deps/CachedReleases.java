package dev.wreg.cli.deps;

import dev.wreg.cli.CliException;
import dev.wreg.cli.fetch.BlobCache;
import dev.wreg.protocol.api.InterfaceParty;
import dev.wreg.protocol.name.InterfaceName;
import dev.wreg.protocol.name.PackageName;
import dev.wreg.protocol.version.Version;
import dev.wreg.protocol.version.VersionReq;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code --offline}: only what {@code wreg.lock} pins, and only from the cache. The registry is
 * never contacted; a blob enters the cache only after it was verified online, and is re-hashed
 * here against the digest the lock pins. Anything else is a miss (exit 3).
 */
public final class CachedReleases implements ReleaseSource {

    private final BlobCache cache;

    public CachedReleases(BlobCache cache) {
        this.cache = cache;
    }

    @Override
    public Version best(PackageName name, VersionReq requirement, String why) {
        throw CliException.notFound(name + " " + requirement + " (" + why + ") is not pinned in wreg.lock, and"
                + " --offline forbids asking the registry");
    }

    @Override
    public ResolvedRelease release(PackageName name, Version version, LockFile.LockedVersion locked) {
        String label = name + "@" + version;
        if (locked == null) {
            throw CliException.notFound(
                    label + " is not pinned in wreg.lock, and --offline forbids asking the registry");
        }
        Path blob = cache.cached(locked.digest(), locked.size())
                .orElseThrow(() -> CliException.notFound(label + " (" + locked.digest() + ") is not in the cache;"
                        + " --offline forbids downloading it (run wreg deps fetch once online)"));
        return new ResolvedRelease(
                name,
                version,
                locked.digest(),
                locked.size(),
                locked.logIndex(),
                locked.checkpointSize(),
                blob,
                RegistryReleases.interfacesOf(label, blob));
    }

    @Override
    public List<InterfaceParty> providers(InterfaceName iface, String why) {
        throw CliException.notFound("no provider of " + iface + " (" + why + ") is pinned in wreg.lock, and --offline"
                + " forbids asking the registry");
    }
}
