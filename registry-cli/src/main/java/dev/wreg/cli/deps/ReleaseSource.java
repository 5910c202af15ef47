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
