package dev.wreg.server.oci;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wreg.protocol.digest.Digest;
import dev.wreg.protocol.dsse.Envelope;
import dev.wreg.protocol.oci.ImageManifest;
import dev.wreg.protocol.oci.OciMediaTypes;
import dev.wreg.protocol.oci.TagList;
import dev.wreg.protocol.oci.WasmConfig;
import dev.wreg.protocol.record.Entry;
import dev.wreg.protocol.record.SignedRecord;
import dev.wreg.protocol.version.Version;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * wkg itself (a Rust binary) is not available here, so this test sends the exact requests wkg 0.16.1
 * makes through oci-client 0.17.0 and oci-wasm 0.6 (wasm-pkg-tools commit 5a4c2ab,
 * {@code crates/wasm-pkg-client/src/oci/{mod,loader,publisher}.rs}; rust-oci-client
 * {@code src/client.rs}) and checks each answer the way those crates do.
 */
class WkgRequestSequenceTest extends OciIntegrationTest {

    /** oci-client's {@code MIME_TYPES_DISTRIBUTION_MANIFEST}, joined as it sends them. */
    static final String ACCEPT = "application/vnd.docker.distribution.manifest.v2+json, "
            + "application/vnd.docker.distribution.manifest.list.v2+json, "
            + "application/vnd.oci.image.manifest.v1+json, application/vnd.oci.image.index.v1+json";

    private static final Pattern CHALLENGE = Pattern.compile("Bearer realm=\"([^\"]+)\",service=\"([^\"]+)\".*");

    @Test
    void wkgGetResolvesAVersionAndStreamsTheComponent() {
        Pkg pkg = newPackage("hello");
        byte[] component = component("wkg get " + pkg.name);
        Digest content = pkg.release("0.1.0", component);
        pkg.release("0.2.0", component("wkg get 2 " + pkg.name));
        pkg.yank("0.2.0");

        // 0. Discovery: https://<domain>/.well-known/wasm-pkg/registry.json
        JsonNode metadata = json(get("/.well-known/wasm-pkg/registry.json"));
        assertThat(metadata.path("preferredProtocol").asString()).isEqualTo("oci");
        String prefix = metadata.path("oci").path("namespacePrefix").asString();
        String repository = prefix + pkg.name.namespace() + "/" + pkg.name.name(); // make_reference

        // 1. OciBackend::auth preflight (Client::auth -> _auth): GET /v2/ without credentials; a
        //    Bearer challenge sends it to the realm with the pull scope, anonymously.
        String bearer = authenticate(repository, "pull", null);

        // 2. list_all_versions: GET tags/list, no Accept header; versions that parse as semver.
        HttpResponse<byte[]> tags = get("/v2/" + repository + "/tags/list", "Authorization", "Bearer " + bearer);
        assertThat(tags.statusCode()).isEqualTo(200);
        assertThat(TagList.parse(tags.body()).tags()).containsExactly("0.1.0"); // yanked 0.2.0 left out

        // 3. get_release -> pull_manifest_and_config: the manifest by tag with the Accept list;
        //    oci-client checks Docker-Content-Digest against the body, schemaVersion 2, the media
        //    type; oci-wasm checks one layer, an explicit mediaType and the config media type.
        HttpResponse<byte[]> manifestResponse =
                get("/v2/" + repository + "/manifests/0.1.0", "Authorization", "Bearer " + bearer, "Accept", ACCEPT);
        assertThat(manifestResponse.statusCode()).isEqualTo(200);
        assertThat(header(manifestResponse, "Docker-Content-Digest"))
                .isEqualTo(Digest.sha256(manifestResponse.body()).toString());
        ImageManifest manifest = ImageManifest.parse(manifestResponse.body());
        assertThat(manifest.mediaType()).isEqualTo(OciMediaTypes.IMAGE_MANIFEST);
        assertThat(manifest.layers()).hasSize(1);
        assertThat(manifest.config().mediaType()).isEqualTo(OciMediaTypes.WASM_CONFIG);

        //    ... then the config blob (pull_blob, same Accept), checked against the descriptor's
        //    digest and parsed as oci-wasm's WasmConfig (created, architecture, os, layerDigests).
        HttpResponse<byte[]> config = get(
                "/v2/" + repository + "/blobs/" + manifest.config().digest(),
                "Authorization",
                "Bearer " + bearer,
                "Accept",
                ACCEPT);
        assertThat(Digest.sha256(config.body())).isEqualTo(manifest.config().digest());
        WasmConfig.parse(config.body());

        // 4. stream_content_unvalidated: the first layer's digest, streamed (pull_blob_stream);
        //    the content digest wkg writes to wkg.lock is this layer digest.
        Digest layer = manifest.layers().getFirst().digest();
        HttpResponse<byte[]> blob =
                get("/v2/" + repository + "/blobs/" + layer, "Authorization", "Bearer " + bearer, "Accept", ACCEPT);
        assertThat(blob.statusCode()).isEqualTo(200);
        assertThat(blob.body()).isEqualTo(component);
        assertThat(layer).isEqualTo(content);
    }

    @Test
    void wkgPublishNeedsTheOwnersGrantAndThenPublishesASignedLoggedRelease() {
        Pkg pkg = newPackage("greeter");
        String repository = pkg.repository();
        String wregToken = issueToken(List.of("publish"), List.of(pkg.name.namespace() + ":*"), null);
        byte[] component = component("wkg publish " + pkg.name);
        Digest layer = Digest.sha256(component);
        byte[] config = wkgConfig(layer);
        byte[] manifest = wkgManifest(
                "greeter",
                "1.0.0",
                OciMediaTypes.WASM_CONFIG,
                config,
                OciMediaTypes.WASM_LAYER,
                layer,
                component.length);

        // OciBackend::auth with RegistryOperation::Push: Basic credentials (wkg config `auth`) at
        // the realm, scope pull,push.
        String bearer = authenticate(repository, "pull,push", wregToken);

        // Client::push: the layer and then the config, each chunked (push_blob_chunked), then the
        // manifest by tag (push_manifest: Content-Type from the manifest, canonical JSON).
        HttpResponse<byte[]> layerPush = pushBlob(repository, bearer, component, 2);
        assertThat(layerPush.statusCode()).as(text(layerPush)).isEqualTo(201);
        assertThat(pushBlob(repository, bearer, config, 1).statusCode()).isEqualTo(201);
        java.util.Map<String, Long> before = storedState();
        HttpResponse<byte[]> refused = putManifest(repository, "1.0.0", bearer, manifest);
        JsonNode error = assertOciError(refused, 403, "DENIED");
        assertThat(error.path("message").asString())
                .contains("wreg grant " + registryKey().text() + " --package " + pkg.name + " --permissions release");
        assertThat(storedState()).isEqualTo(before);
        assertThat(get("/v2/" + repository + "/manifests/1.0.0").statusCode()).isEqualTo(404);

        pkg.grantRegistryKey();
        HttpResponse<byte[]> pushed = putManifest(repository, "1.0.0", bearer, manifest);
        assertThat(pushed.statusCode()).as(text(pushed)).isEqualTo(201);
        Digest digest = Digest.sha256(manifest);
        assertThat(header(pushed, "Docker-Content-Digest")).isEqualTo(digest.toString());
        assertThat(header(pushed, "Location")).isEqualTo("/v2/" + repository + "/manifests/" + digest);

        // Pulled back byte for byte, by tag and by the digest the client computed.
        assertThat(get("/v2/" + repository + "/manifests/1.0.0").body()).isEqualTo(manifest);
        assertThat(get("/v2/" + repository + "/manifests/" + digest).body()).isEqualTo(manifest);
        assertThat(get("/v2/" + repository + "/blobs/" + Digest.sha256(config)).body())
                .isEqualTo(config);
        assertThat(get("/v2/" + repository + "/blobs/" + layer).body()).isEqualTo(component);

        // A release like any other: in the package log, signed by the registry's key, marked via OCI.
        JsonNode records = json(get("/v1/packages/" + pkg.name + "/records")).path("records");
        JsonNode last = records.get(records.size() - 1);
        Envelope envelope = Envelope.parse(
                java.util.Base64.getDecoder().decode(last.path("entry").asString()));
        SignedRecord record = SignedRecord.of(envelope);
        Entry.Release release = (Entry.Release) record.record().entries().getFirst();
        assertThat(release.viaOci()).isTrue();
        assertThat(release.version()).isEqualTo(Version.parse("1.0.0"));
        assertThat(release.content()).isEqualTo(layer);
        assertThat(envelope.verifiedBy(registryKey())).isTrue();
        assertThat(last.path("logIndex").isIntegralNumber()).isTrue();
    }

    /** The oci-client auth dance: GET /v2/, parse the Bearer challenge, ask the realm. */
    private String authenticate(String repository, String actions, String wregToken) {
        HttpResponse<byte[]> ping = get("/v2/");
        assertThat(ping.statusCode()).isEqualTo(401);
        Matcher challenge = CHALLENGE.matcher(header(ping, "WWW-Authenticate"));
        assertThat(challenge.matches()).isTrue();
        String realm = challenge.group(1);
        assertThat(realm).startsWith("http://localhost:" + port + "/");
        String query = "?scope=repository:" + repository + ":" + actions + "&service=" + challenge.group(2);
        String path = realm.substring(("http://localhost:" + port).length()) + query;
        HttpResponse<byte[]> token = wregToken == null ? get(path) : get(path, "Authorization", basic(wregToken));
        assertThat(token.statusCode()).as(text(token)).isEqualTo(200);
        return json(token).path("token").asString();
    }
}
