package dev.wreg.server.oci;

import dev.wreg.protocol.ProtocolException;
import dev.wreg.protocol.crypto.PrivateKey;
import dev.wreg.protocol.digest.Digest;
import dev.wreg.protocol.name.PackageName;
import dev.wreg.protocol.oci.Descriptor;
import dev.wreg.protocol.oci.ImageManifest;
import dev.wreg.protocol.oci.OciAnnotations;
import dev.wreg.protocol.oci.OciMediaTypes;
import dev.wreg.protocol.oci.WasmConfig;
import dev.wreg.protocol.record.Entry;
import dev.wreg.protocol.record.PackageState;
import dev.wreg.protocol.version.Version;
import dev.wreg.server.auth.Caller;
import dev.wreg.server.blobs.BlobInfo;
import dev.wreg.server.blobs.BlobStore;
import dev.wreg.server.blobs.BlobStoreException;
import dev.wreg.server.blobs.StoredBlob;
import dev.wreg.server.compose.ComposerPublisher;
import dev.wreg.server.config.RegistryProperties;
import dev.wreg.server.keys.ComposerKey;
import dev.wreg.server.oci.OciContent.Repository;
import dev.wreg.server.oci.OciManifestStore.StoredManifest;
import dev.wreg.server.oci.OciUploads.Upload;
import dev.wreg.server.publish.ReleaseContentCheck;
import dev.wreg.server.refusal.Refusal;
import java.io.InputStream;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * The push side, for {@code wkg publish}: blob uploads (monolithic or chunked) into upload
 * sessions, then a manifest PUT by tag that becomes a release. The manifest must be a CNCF Wasm
 * artifact (explicit media type, the Wasm config, exactly one {@code application/wasm} layer); the
 * component is judged by the same {@link ReleaseContentCheck} as {@code POST /v1/…/records}
 * <em>before</em> anything enters the blob store, then the release record is signed by the
 * registry's key (the key a package owner grants {@code release} to let the registry publish for
 * token holders, as for compositions) and published through the one publish path, marked
 * {@code "via":"oci"}. The manifest is stored byte for byte, as the distribution spec requires.
 */
@Service
public class OciPush {

    private static final Logger log = LoggerFactory.getLogger(OciPush.class);

    /** Largest config blob read; the Wasm config is a few hundred bytes. */
    static final int MAX_CONFIG_BYTES = 1024 * 1024;

    private final OciContent content;
    private final OciUploads uploads;
    private final OciManifestStore manifests;
    private final BlobStore blobs;
    private final ReleaseContentCheck contentCheck;
    private final ComposerPublisher publisher;
    private final long maxBlobBytes;

    public OciPush(
            OciContent content,
            OciUploads uploads,
            OciManifestStore manifests,
            BlobStore blobs,
            ReleaseContentCheck contentCheck,
            ComposerPublisher publisher,
            RegistryProperties properties) {
        this.content = content;
        this.uploads = uploads;
        this.manifests = manifests;
        this.blobs = blobs;
        this.contentCheck = contentCheck;
        this.publisher = publisher;
        this.maxBlobBytes = properties.limits().maxBlobSize().toBytes();
    }

    public Upload start(PackageName pkg, Caller caller) {
        return uploads.start(pkg, caller.tokenId());
    }

    /** The session, if it belongs to this package and token. */
    public Upload session(PackageName pkg, String id, Caller caller) {
        return uploads.find(id)
                .filter(u -> u.pkg().equals(pkg.toString()) && u.tokenId().equals(caller.tokenId()))
                .orElseThrow(() -> new OciException(OciError.BLOB_UPLOAD_UNKNOWN, "upload " + id + " not found"));
    }

    public Upload append(Upload upload, long expectedStart, InputStream in) {
        return uploads.append(upload.id(), expectedStart, in, maxBlobBytes);
    }

    /** Closes a session: its bytes must hash to {@code digest}, else it is deleted (nothing kept). */
    public Digest finish(Upload upload, Digest digest) {
        if (upload.finished()) {
            throw new OciException(OciError.BLOB_UPLOAD_INVALID, "upload " + upload.id() + " is already finished");
        }
        Digest actual = uploads.hash(upload.id());
        if (!actual.equals(digest)) {
            uploads.delete(upload.id());
            throw new OciException(
                    OciError.DIGEST_INVALID,
                    "the uploaded bytes hash to " + actual + ", not " + digest + "; the upload was discarded");
        }
        uploads.finish(upload.id(), digest);
        return digest;
    }

    public void cancel(Upload upload) {
        uploads.delete(upload.id());
    }

    /** What a manifest PUT produced. */
    public record Pushed(Digest digest, String version, String recordId, long logIndex) {}

    public Pushed putManifest(
            String repository, PackageName pkg, String reference, String contentType, byte[] body, Caller caller) {
        Version version = versionOf(reference);
        if (contentType == null || !baseType(contentType).equals(OciMediaTypes.IMAGE_MANIFEST)) {
            throw new OciException(
                    OciError.MANIFEST_INVALID,
                    "Content-Type must be " + OciMediaTypes.IMAGE_MANIFEST + " (a Wasm OCI artifact), not "
                            + (contentType == null ? "none" : contentType));
        }
        ImageManifest manifest;
        try {
            manifest = ImageManifest.parse(body);
        } catch (ProtocolException e) {
            throw new OciException(OciError.MANIFEST_INVALID, e.getMessage());
        }
        Descriptor layer = checkLayout(manifest, version);

        Repository repo = content.findRepository(repository)
                .orElseThrow(() -> new OciException(
                        OciError.NAME_UNKNOWN,
                        "package " + pkg + " does not exist; its namespace owner creates it and lets the registry"
                                + " publish wkg pushes with: " + grantCommand(pkg)));
        checkGrant(repo.state(), pkg);
        if (repo.state().release(version).isPresent()) {
            throw new OciException(
                    OciError.VERSION_EXISTS, pkg + "@" + version + " already exists; releases cannot be replaced");
        }

        byte[] config = configBytes(pkg, manifest.config());
        checkConfig(config, layer);
        Staged staged = stagedLayer(pkg, layer);

        Entry.Release release = new Entry.Release(version, layer.digest(), layer.size(), null, Entry.Release.VIA_OCI);
        try {
            // Judged before anything reaches the blob store: a refused component leaves no trace.
            contentCheck.check(pkg, release, repo.state(), staged.overlay(blobs));
        } catch (Refusal e) {
            throw new OciException(OciError.MANIFEST_INVALID, e.detail(), e.code());
        }
        if (staged.upload() != null) {
            StoredBlob stored =
                    blobs.put(layer.digest(), uploads.open(staged.upload().id()), maxBlobBytes);
            if (stored.size() != layer.size()) {
                throw new IllegalStateException("blob " + layer.digest() + " stored with another size");
            }
        }
        ComposerPublisher.Published published;
        try {
            published = publisher.publish(pkg, release, caller);
        } catch (Refusal e) {
            throw new OciException(
                    e.kind() == Refusal.Kind.FORBIDDEN ? OciError.DENIED : OciError.MANIFEST_INVALID,
                    e.detail(),
                    e.code());
        } catch (ProtocolException e) {
            throw new OciException(
                    e.code().equals("version-exists") ? OciError.VERSION_EXISTS : OciError.DENIED,
                    e.getMessage(),
                    e.code());
        }
        Digest digest = Digest.sha256(body);
        boolean stored = manifests.insertIfAbsent(new StoredManifest(
                digest.toString(),
                repo.packageId(),
                version.toString(),
                body,
                manifest.config().digest().toString(),
                config,
                true));
        if (!stored) {
            log.warn("{}@{}: a generated manifest was stored before the pushed one", pkg, version);
        }
        if (staged.upload() != null) {
            uploads.delete(staged.upload().id());
        }
        uploads.finished(pkg, manifest.config().digest()).ifPresent(u -> uploads.delete(u.id()));
        return new Pushed(digest, version.toString(), published.recordId(), published.logIndex());
    }

    private static Version versionOf(String reference) {
        if (reference.contains(":")) {
            throw new OciException(
                    OciError.UNSUPPORTED,
                    "push a release by tag (its version, e.g. 1.2.0), not by digest: a release needs a version");
        }
        try {
            Version version = Version.parse(reference);
            if (!version.toString().equals(reference)) {
                throw new ProtocolException("invalid-version", "not in canonical form");
            }
            return version;
        } catch (ProtocolException e) {
            throw new OciException(
                    OciError.MANIFEST_INVALID,
                    "tag '" + OciRepositories.shorten(reference) + "' is not a semantic version; tags are release"
                            + " versions such as 1.2.0");
        }
    }

    /** The CNCF Wasm artifact checks wkg's own reader makes, and a version annotation that agrees. */
    private static Descriptor checkLayout(ImageManifest manifest, Version version) {
        if (!OciMediaTypes.IMAGE_MANIFEST.equals(manifest.mediaType())) {
            throw new OciException(
                    OciError.MANIFEST_INVALID,
                    "the manifest must say \"mediaType\": \"" + OciMediaTypes.IMAGE_MANIFEST + "\"");
        }
        if (manifest.subject() != null) {
            throw new OciException(
                    OciError.UNSUPPORTED, "this registry makes the referrers of its releases itself; it takes none");
        }
        if (!OciMediaTypes.WASM_CONFIG.equals(manifest.config().mediaType())) {
            throw new OciException(
                    OciError.MANIFEST_INVALID,
                    "the config media type must be " + OciMediaTypes.WASM_CONFIG + ", not "
                            + manifest.config().mediaType());
        }
        if (manifest.layers().size() != 1) {
            throw new OciException(
                    OciError.MANIFEST_INVALID,
                    "a Wasm artifact has exactly one layer, the component; this manifest has "
                            + manifest.layers().size());
        }
        Descriptor layer = manifest.layers().getFirst();
        if (!OciMediaTypes.WASM_LAYER.equals(layer.mediaType())) {
            throw new OciException(
                    OciError.MANIFEST_INVALID,
                    "the layer media type must be " + OciMediaTypes.WASM_LAYER + ", not " + layer.mediaType());
        }
        String annotated = manifest.annotations().get(OciAnnotations.VERSION);
        if (annotated != null && !annotated.equals(version.toString())) {
            throw new OciException(
                    OciError.MANIFEST_INVALID,
                    "the manifest is annotated as version " + annotated + " but pushed as tag " + version);
        }
        return layer;
    }

    private void checkGrant(PackageState state, PackageName pkg) {
        ComposerKey registryKey = publisher.key();
        PrivateKey key = registryKey
                .privateKey()
                .orElseThrow(() -> new OciException(
                        OciError.UNSUPPORTED,
                        "this registry has no signing key for releases it publishes on a client's behalf"
                                + " (wreg.compositions.composer-key), so it cannot take pushes; publish with wreg"));
        if (!registryKey.holdsRelease(state)) {
            throw new OciException(
                    OciError.DENIED,
                    "the registry signs releases pushed through OCI with its key "
                            + key.publicKey().keyId().value()
                            + ", which does not hold release on " + pkg + "; the package owner grants it with: "
                            + grantCommand(pkg));
        }
    }

    private String grantCommand(PackageName pkg) {
        return publisher.key().grantCommand(pkg).orElse("(this registry has no release-signing key)");
    }

    private byte[] configBytes(PackageName pkg, Descriptor config) {
        if (config.size() > MAX_CONFIG_BYTES) {
            throw new OciException(OciError.MANIFEST_INVALID, "the config is larger than " + MAX_CONFIG_BYTES);
        }
        Upload upload = uploads.finished(pkg, config.digest())
                .orElseThrow(() -> new OciException(
                        OciError.MANIFEST_BLOB_UNKNOWN, "config blob " + config.digest() + " was not uploaded"));
        if (upload.size() != config.size()) {
            throw new OciException(
                    OciError.MANIFEST_INVALID,
                    "config blob " + config.digest() + " has " + upload.size() + " bytes, the manifest says "
                            + config.size());
        }
        return uploads.readAll(upload.id());
    }

    private static void checkConfig(byte[] bytes, Descriptor layer) {
        WasmConfig config;
        try {
            config = WasmConfig.parse(bytes);
        } catch (ProtocolException e) {
            throw new OciException(OciError.MANIFEST_INVALID, e.getMessage());
        }
        if (!WasmConfig.ARCHITECTURE.equals(config.architecture())) {
            throw new OciException(
                    OciError.MANIFEST_INVALID,
                    "the config's architecture must be \"wasm\", not " + config.architecture());
        }
        if (!config.layerDigests().equals(List.of(layer.digest()))) {
            throw new OciException(
                    OciError.MANIFEST_INVALID, "the config's layerDigests must be [" + layer.digest() + "]");
        }
    }

    /** The layer: a finished upload of this package, or bytes the blob store already holds. */
    private Staged stagedLayer(PackageName pkg, Descriptor layer) {
        Optional<Upload> upload = uploads.finished(pkg, layer.digest());
        if (upload.isPresent()) {
            if (upload.get().size() != layer.size()) {
                throw new OciException(
                        OciError.MANIFEST_INVALID,
                        "layer " + layer.digest() + " has " + upload.get().size() + " bytes, the manifest says "
                                + layer.size());
            }
            return new Staged(layer.digest(), layer.size(), upload.get(), uploads);
        }
        BlobInfo existing = blobs.stat(layer.digest())
                .orElseThrow(() -> new OciException(
                        OciError.MANIFEST_BLOB_UNKNOWN, "layer blob " + layer.digest() + " was not uploaded"));
        if (existing.size() != layer.size()) {
            throw new OciException(
                    OciError.MANIFEST_INVALID,
                    "layer " + layer.digest() + " has " + existing.size() + " bytes, the manifest says "
                            + layer.size());
        }
        return new Staged(layer.digest(), layer.size(), null, uploads);
    }

    /** The layer while it waits in an upload session (or null upload: already in the store). */
    private record Staged(Digest digest, long size, Upload upload, OciUploads uploads) {

        /**
         * The blob store as the content check must see it: the real one, plus the staged layer, so
         * the check reads the component (and earlier releases for the semver check) without the
         * layer having been stored.
         */
        BlobStore overlay(BlobStore store) {
            if (upload == null) {
                return store;
            }
            return new BlobStore() {
                @Override
                public StoredBlob put(Digest expected, InputStream in, long maxBytes) {
                    throw new UnsupportedOperationException("the content check only reads");
                }

                @Override
                public Optional<BlobInfo> stat(Digest d) {
                    return d.equals(digest) ? Optional.of(new BlobInfo(digest, size)) : store.stat(d);
                }

                @Override
                public void checkAvailable() {
                    store.checkAvailable();
                }

                @Override
                public InputStream open(Digest d, long offset, long length) {
                    if (!d.equals(digest)) {
                        return store.open(d, offset, length);
                    }
                    if (offset != 0 || length != -1) {
                        throw new BlobStoreException(BlobStoreException.INVALID_RANGE, "staged blobs are read whole");
                    }
                    return uploads.open(upload.id());
                }

                @Override
                public Optional<URI> presignedGet(Digest d) {
                    return Optional.empty();
                }

                @Override
                public void putObject(String key, byte[] bytes) {
                    throw new UnsupportedOperationException("the content check only reads");
                }

                @Override
                public void replaceObject(String key, byte[] bytes) {
                    throw new UnsupportedOperationException("the content check only reads");
                }

                @Override
                public Optional<byte[]> getObject(String key) {
                    return store.getObject(key);
                }
            };
        }
    }

    private static String baseType(String contentType) {
        int semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim();
    }
}
