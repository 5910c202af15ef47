package dev.wreg.server.oci;

import dev.wreg.protocol.ProtocolException;
import dev.wreg.protocol.digest.Digest;
import dev.wreg.protocol.name.PackageName;
import dev.wreg.protocol.record.PackageState;
import dev.wreg.protocol.record.ReleaseInfo;
import dev.wreg.protocol.version.Version;
import dev.wreg.server.blobs.BlobStore;
import dev.wreg.server.oci.OciManifestStore.StoredManifest;
import dev.wreg.server.packages.PackageEntity;
import dev.wreg.server.packages.PackageLog;
import dev.wreg.server.packages.PackageRepository;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.springframework.data.domain.Sort;
import org.springframework.stereotype.Service;

/**
 * What the pull side serves: repositories are packages, tags are the versions of releases, each
 * release has one manifest (made on first request and stored, so it never changes), and the blobs
 * of a repository are its releases' components, their configs and its release-proof referrers.
 */
@Service
public class OciContent {

    /** The distribution spec's tag grammar. */
    static final Pattern TAG = Pattern.compile("[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}");

    /** The image spec's empty JSON object, config of the release-proof referrers. */
    static final byte[] EMPTY_JSON = "{}".getBytes(StandardCharsets.US_ASCII);

    static final Digest EMPTY_JSON_DIGEST = Digest.sha256(EMPTY_JSON);

    private final OciRepositories repositories;
    private final PackageRepository packages;
    private final PackageLog packageLog;
    private final OciManifestStore manifests;
    private final BlobStore blobs;
    private final Map<String, StoredManifest> served = new ConcurrentHashMap<>();
    private final Map<String, BlobContent> servedBlobs = new ConcurrentHashMap<>();

    static final int MAX_CACHED_MANIFESTS = 20_000;

    public OciContent(
            OciRepositories repositories,
            PackageRepository packages,
            PackageLog packageLog,
            OciManifestStore manifests,
            BlobStore blobs) {
        this.repositories = repositories;
        this.packages = packages;
        this.packageLog = packageLog;
        this.manifests = manifests;
        this.blobs = blobs;
    }

    /** A repository that exists: its package and the package's current state. */
    public record Repository(String name, PackageName pkg, long packageId, PackageState state) {}

    /** A blob of a repository: stored content (streamed from the blob store) or small inline JSON. */
    public sealed interface BlobContent {
        Digest digest();

        long size();

        record Stored(Digest digest, long size) implements BlobContent {}

        record Inline(Digest digest, byte[] bytes) implements BlobContent {
            @Override
            public long size() {
                return bytes.length;
            }
        }
    }

    public Repository repository(String name) {
        PackageName pkg = repositories.packageOf(name);
        PackageEntity row = packages.findByName(pkg.toString())
                .orElseThrow(() -> new OciException(OciError.NAME_UNKNOWN, "repository " + name + " not found"));
        return new Repository(name, pkg, row.id(), packageLog.state(pkg));
    }

    /** The package behind a repository name, whether or not it exists yet. */
    public PackageName packageOf(String name) {
        return repositories.packageOf(name);
    }

    /** Whether the repository's package exists. */
    public Optional<Repository> findRepository(String name) {
        PackageName pkg = repositories.packageOf(name);
        return packages.findByName(pkg.toString())
                .map(row -> new Repository(name, pkg, row.id(), packageLog.state(pkg)));
    }

    /**
     * A release manifest served before, by repository and tag or digest, without touching the
     * database: once stored, a release's manifest never changes and a release is never removed,
     * so what was served once is right forever.
     */
    public Optional<byte[]> cachedManifest(String repository, String reference) {
        StoredManifest hit = served.get(repository + "\n" + reference);
        return hit == null ? Optional.empty() : Optional.of(hit.manifest());
    }

    private void remember(Repository repo, StoredManifest manifest) {
        if (served.size() >= MAX_CACHED_MANIFESTS) {
            served.clear();
        }
        served.put(repo.name() + "\n" + manifest.version(), manifest);
        served.put(repo.name() + "\n" + manifest.digest(), manifest);
    }

    /** The manifest a tag (a version) or a digest names; yanked releases included. */
    public StoredManifest manifest(Repository repo, String reference) {
        StoredManifest found = lookUp(repo, reference);
        remember(repo, found);
        return found;
    }

    private StoredManifest lookUp(Repository repo, String reference) {
        if (reference.contains(":")) {
            Digest digest = parseDigest(reference);
            Optional<StoredManifest> found = manifests.byDigest(repo.packageId(), digest.toString());
            if (found.isEmpty() && buildMissing(repo)) {
                found = manifests.byDigest(repo.packageId(), digest.toString());
            }
            return found.orElseThrow(() ->
                    new OciException(OciError.MANIFEST_UNKNOWN, "manifest " + digest + " not found in " + repo.name()));
        }
        ReleaseInfo release = release(repo, reference)
                .orElseThrow(() -> new OciException(
                        OciError.MANIFEST_UNKNOWN, "tag " + reference + " not found in " + repo.name()));
        return manifestOf(repo, release);
    }

    public Optional<ReleaseInfo> release(Repository repo, String tag) {
        if (!TAG.matcher(tag).matches()) {
            throw new OciException(
                    OciError.INVALID_PARAMETER, "'" + OciRepositories.shorten(tag) + "' is neither a tag nor a digest");
        }
        Version version;
        try {
            version = Version.parse(tag);
        } catch (ProtocolException e) {
            return Optional.empty(); // a valid tag, but every tag here is a release version
        }
        return repo.state().release(version).filter(r -> r.version().toString().equals(tag));
    }

    /** The stored manifest of a release, made and stored first if this is its first request. */
    public StoredManifest manifestOf(Repository repo, ReleaseInfo release) {
        String version = release.version().toString();
        Optional<StoredManifest> stored = manifests.byVersion(repo.packageId(), version);
        if (stored.isPresent()) {
            return stored.get();
        }
        WasmArtifactLayout.Artifact artifact = WasmArtifactLayout.build(repo.pkg(), release, read(release));
        manifests.insertIfAbsent(new StoredManifest(
                artifact.manifestDigest().toString(),
                repo.packageId(),
                version,
                artifact.manifest(),
                artifact.configDigest().toString(),
                artifact.config(),
                false));
        return manifests.byVersion(repo.packageId(), version).orElseThrow();
    }

    /** Makes the manifests of releases that have none yet; answers whether any was made. */
    private boolean buildMissing(Repository repo) {
        Set<String> have = new HashSet<>(manifests.versions(repo.packageId()));
        boolean built = false;
        for (ReleaseInfo release : repo.state().releases()) {
            if (!have.contains(release.version().toString())) {
                manifestOf(repo, release);
                built = true;
            }
        }
        return built;
    }

    /** Tags of the releases that are not yanked, in ASCII order as the spec requires. */
    public List<String> tags(Repository repo) {
        return repo.state().releases().stream()
                .filter(r -> !r.yanked())
                .map(r -> r.version().toString())
                .filter(tag -> TAG.matcher(tag).matches())
                .sorted()
                .toList();
    }

    /** Every repository, in ASCII order. */
    public List<String> catalog() {
        return packages.findAll(Sort.by("name")).stream()
                .map(row -> repositories.repositoryOf(PackageName.parse(row.name())))
                .sorted(Comparator.naturalOrder())
                .toList();
    }

    /**
     * A blob served before from this repository, without touching the database: a release's
     * component and its manifest's config belong to the repository for good.
     */
    public Optional<BlobContent> cachedBlob(String repository, Digest digest) {
        return Optional.ofNullable(servedBlobs.get(repository + "\n" + digest));
    }

    /** A blob of the repository: a release's component, a manifest's config, or the empty config. */
    public Optional<BlobContent> blob(Repository repo, Digest digest) {
        Optional<BlobContent> found = findBlob(repo, digest);
        found.ifPresent(blob -> {
            if (servedBlobs.size() >= MAX_CACHED_MANIFESTS) {
                servedBlobs.clear();
            }
            servedBlobs.put(repo.name() + "\n" + digest, blob);
        });
        return found;
    }

    private Optional<BlobContent> findBlob(Repository repo, Digest digest) {
        for (ReleaseInfo release : repo.state().releases()) {
            if (release.content().equals(digest)) {
                return Optional.of(new BlobContent.Stored(digest, release.size()));
            }
        }
        if (digest.equals(EMPTY_JSON_DIGEST)) {
            return Optional.of(new BlobContent.Inline(digest, EMPTY_JSON.clone()));
        }
        Optional<StoredManifest> config = manifests.byConfigDigest(repo.packageId(), digest.toString());
        if (config.isEmpty() && buildMissing(repo)) {
            config = manifests.byConfigDigest(repo.packageId(), digest.toString());
        }
        return config.map(m -> new BlobContent.Inline(digest, m.config()));
    }

    static Digest parseDigest(String text) {
        try {
            return Digest.parse(text);
        } catch (ProtocolException e) {
            throw new OciException(
                    OciError.DIGEST_INVALID,
                    "'" + OciRepositories.shorten(text) + "' is not a digest this registry uses: " + e.getMessage());
        }
    }

    private byte[] read(ReleaseInfo release) {
        try (InputStream in = blobs.open(release.content(), 0, -1)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read blob " + release.content(), e);
        }
    }

    /** The registry name of the repository of a package. */
    public String repositoryOf(PackageName pkg) {
        return repositories.repositoryOf(pkg);
    }
}
