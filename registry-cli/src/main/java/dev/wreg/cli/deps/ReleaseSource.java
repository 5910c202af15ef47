package dev.wreg.cli.deps;

import dev.wreg.protocol.api.InterfaceParty;
import dev.wreg.protocol.name.InterfaceName;
import dev.wreg.protocol.name.PackageName;
import dev.wreg.protocol.version.Version;
import dev.wreg.protocol.version.VersionReq;
import java.util.List;

/**
 * Where dependency resolution gets releases: the registry, every release verified as
 * {@code wreg fetch} verifies it ({@link RegistryReleases}), or only what {@code wreg.lock} pins
 * and the cache holds ({@link CachedReleases}, for {@code --offline}).
 */
public interface ReleaseSource {

    /**
     * A release resolution will probably ask for: {@code pinned}, the version wreg.lock pins, or
     * else the newest release matching {@code requirement}; both null when only the package's log
     * is wanted.
     */
    record Likely(PackageName name, VersionReq requirement, Version pinned) {}

    /**
     * Told before resolution what it will probably need, a source may read all of it at once
     * rather than one package after another. Nothing fails here, and nothing read ahead is
     * trusted more than what is read when asked: a failure surfaces when the release is asked for.
     */
    default void readAhead(List<Likely> likely) {}

    /**
     * The newest release of {@code name} that matches {@code requirement} and is not yanked.
     *
     * @param why what needs it, for messages
     */
    Version best(PackageName name, VersionReq requirement, String why);

    /**
     * The release, checked; when {@code locked} is given, the release must be exactly the one it
     * pins (digest, size, log index) or resolution stops with an integrity failure.
     */
    ResolvedRelease release(PackageName name, Version version, LockFile.LockedVersion locked);

    /**
     * What the registry's index says exports {@code iface}: hints to choose among, never trusted
     * as such (the chosen release's component is read to confirm it).
     */
    List<InterfaceParty> providers(InterfaceName iface, String why);
}
