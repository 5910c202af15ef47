package dev.wreg.cli.fetch;

import dev.wreg.cli.CliException;
import dev.wreg.cli.client.RegistryClient;
import dev.wreg.cli.oci.OciPuller;
import dev.wreg.protocol.digest.Digest;
import dev.wreg.protocol.name.PackageName;
import dev.wreg.protocol.record.ReleaseInfo;
import java.util.Optional;

/**
 * Where OCI clients find a package's releases: {@code <registry>/<prefix>ns/name:<version>} from
 * the registry's wasm-pkg discovery document, with each release's manifest digest. A registry
 * without the OCI API simply has none.
 */
final class OciLocations {

    /** One release's OCI reference and manifest digest. */
    record Location(String reference, Digest manifest) {}

    private final OciPuller puller;
    private final String repository;
    private final String registry;

    private OciLocations(OciPuller puller, String registry, String repository) {
        this.puller = puller;
        this.registry = registry;
        this.repository = repository;
    }

    static OciLocations of(RegistryClient client, PackageName name) {
        OciPuller puller = new OciPuller(client.registry().uri());
        OciPuller.Discovery discovery;
        try {
            discovery = puller.discovery();
        } catch (CliException e) {
            return new OciLocations(null, null, null);
        }
        return new OciLocations(
                puller, discovery.registry(), discovery.namespacePrefix() + name.namespace() + "/" + name.name());
    }

    Optional<Location> of(ReleaseInfo release) {
        if (puller == null) {
            return Optional.empty();
        }
        String tag = release.version().toString();
        try {
            return puller.manifestDigest(repository, tag)
                    .map(digest -> new Location(registry + "/" + repository + ":" + tag, digest));
        } catch (CliException e) {
            return Optional.empty();
        }
    }
}
