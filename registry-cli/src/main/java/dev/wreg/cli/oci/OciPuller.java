package dev.wreg.cli.oci;

import dev.wreg.cli.CliException;
import dev.wreg.protocol.ProtocolException;
import dev.wreg.protocol.api.RegistryMetadataView;
import dev.wreg.protocol.digest.Digest;
import dev.wreg.protocol.oci.ImageIndex;
import dev.wreg.protocol.oci.ImageManifest;
import dev.wreg.protocol.oci.OciMediaTypes;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a registry's OCI API anonymously, as any OCI client would, checking every byte against the
 * digest that names it: what it returns is exactly what a user's own OCI client pulled.
 */
public final class OciPuller {

    private static final String USER_AGENT = "wreg-cli";
    /** Other registries serve more than wreg's fields; those are no reason to fail. */
    private static final JsonMapper DISCOVERY = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private final URI base;
    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();

    public OciPuller(URI base) {
        this.base = base;
    }

    /** A manifest and the digest of its bytes. */
    public record Manifest(byte[] bytes, Digest digest, ImageManifest manifest) {}

    public Manifest manifest(String repository, String reference) {
        byte[] bytes = get("/v2/" + repository + "/manifests/" + reference, OciMediaTypes.IMAGE_MANIFEST)
                .orElseThrow(
                        () -> CliException.notFound("no manifest " + repository + ":" + reference + " on " + base));
        Digest digest = Digest.sha256(bytes);
        if (reference.startsWith("sha256:") && !digest.toString().equals(reference)) {
            throw CliException.integrity(
                    "the registry answered " + reference + " with a manifest hashing to " + digest);
        }
        try {
            return new Manifest(bytes, digest, ImageManifest.parse(bytes));
        } catch (ProtocolException e) {
            throw CliException.integrity(
                    "the manifest of " + repository + ":" + reference + " is malformed: " + e.getMessage());
        }
    }

    public ImageIndex referrers(String repository, Digest subject, String artifactType) {
        byte[] bytes = get(
                        "/v2/" + repository + "/referrers/" + subject + "?artifactType=" + artifactType,
                        OciMediaTypes.IMAGE_INDEX)
                .orElse(null);
        if (bytes == null) {
            return new ImageIndex(java.util.List.of());
        }
        try {
            return ImageIndex.parse(bytes);
        } catch (ProtocolException e) {
            throw CliException.integrity("the referrers of " + subject + " are malformed: " + e.getMessage());
        }
    }

    /** A blob, checked against its digest. */
    public byte[] blob(String repository, Digest digest) {
        byte[] bytes = get("/v2/" + repository + "/blobs/" + digest, "*/*")
                .orElseThrow(() -> CliException.notFound("no blob " + digest + " in " + repository + " on " + base));
        if (!Digest.sha256(bytes).equals(digest)) {
            throw CliException.integrity("blob " + digest + " from " + base + " hashes to " + Digest.sha256(bytes));
        }
        return bytes;
    }

    /** What {@code /.well-known/wasm-pkg/registry.json} says: the OCI registry host and prefix. */
    public record Discovery(String registry, String namespacePrefix) {}

    /** The discovery document; this host and no prefix when none is served. */
    public Discovery discovery() {
        Optional<byte[]> document = get("/.well-known/wasm-pkg/registry.json", "application/json");
        String fallback = base.getRawAuthority();
        if (document.isEmpty()) {
            return new Discovery(fallback, "");
        }
        RegistryMetadataView metadata;
        try {
            metadata = DISCOVERY.readValue(document.get(), RegistryMetadataView.class);
        } catch (JacksonException e) {
            throw CliException.integrity(
                    "the registry's wasm-pkg discovery document is malformed: " + e.getOriginalMessage());
        }
        if (metadata == null) {
            throw CliException.integrity("the registry's wasm-pkg discovery document is malformed: it is empty");
        }
        RegistryMetadataView.Oci oci = metadata.oci();
        // The oci object first; the flat keys older wkg versions read otherwise.
        String registry = firstOf(oci == null ? null : oci.registry(), metadata.ociRegistry(), fallback);
        String prefix = firstOf(oci == null ? null : oci.namespacePrefix(), metadata.ociNamespacePrefix(), "");
        return new Discovery(registry, prefix);
    }

    private static String firstOf(String first, String second, String otherwise) {
        return first != null ? first : second != null ? second : otherwise;
    }

    /** The digest of a tag's manifest, when the registry serves one. */
    public Optional<Digest> manifestDigest(String repository, String tag) {
        return get("/v2/" + repository + "/manifests/" + tag, OciMediaTypes.IMAGE_MANIFEST)
                .map(Digest::sha256);
    }

    /** The body of a 200, empty for a 404; anything else is an error. */
    private Optional<byte[]> get(String path, String accept) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + path))
                .header("User-Agent", USER_AGENT)
                .header("Accept", accept)
                .timeout(Duration.ofSeconds(60))
                .GET()
                .build();
        HttpResponse<byte[]> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw CliException.unavailable("GET " + base + path + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CliException.unavailable("GET " + base + path + ": interrupted");
        }
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        if (response.statusCode() != 200) {
            throw CliException.unavailable(
                    "GET " + base + path + " answered " + response.statusCode() + ": " + shorten(response.body()));
        }
        return Optional.of(response.body());
    }

    private static String shorten(byte[] body) {
        String text = new String(body, java.nio.charset.StandardCharsets.UTF_8).strip();
        return text.length() > 200 ? text.substring(0, 200) + "…" : text;
    }
}
